using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The Go original's workflows (../shared/compat) build with the SDK and behave as its tests expect, compiled by the
/// task build the dotnet CLI loads and by the netstandard2.0 one that Visual Studio's MSBuild loads (forced here).
/// </summary>
[TestClass]
public sealed class CompatFixtureTests
{
    private static string Fixture(string name) =>
        LlmCompiler.Tests.Shared.CompatInputs.Read(Path.Combine("upstream-fixtures", name));

    [TestMethod]
    [DataRow(null, DisplayName = "default task build")]
    [DataRow("netstandard2.0", DisplayName = "netstandard2.0 task build")]
    public async Task PassingFixturesRunToCompletionWithTheExpectedValues(string? taskFramework)
    {
        var project = await TestProject.CreateAsync("compat" + TaskBuilds.Suffix(taskFramework), new Dictionary<string, string>
        {
            ["fixtures/shell_basic.yaml"] = Fixture("shell_basic.yaml"),
            ["fixtures/template.yaml"] = Fixture("template.yaml"),
            ["fixtures/parallel.yaml"] = Fixture("parallel.yaml"),
            ["fixtures/conditional.yaml"] = Fixture("conditional.yaml"),
            ["fixtures/cross_workflow.yaml"] = Fixture("cross_workflow.yaml"),
        });

        var build = await project.BuildAsync(TaskBuilds.Arguments(taskFramework));
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        TaskBuilds.AssertLoaded(build, taskFramework);
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        using var runFile = project.ReadRunFile();
        var contexts = runFile.RootElement.GetProperty("contexts");
        Assert.AreEqual("received: hello world", contexts.GetProperty("shell_basic").GetProperty("final_result").GetString());
        Assert.AreEqual("Hello, Alice!", contexts.GetProperty("template_test").GetProperty("message").GetString());
        Assert.AreEqual("A2 with A1", contexts.GetProperty("parallel_a").GetProperty("a2_result").GetString());
        Assert.AreEqual("B2 with B1", contexts.GetProperty("parallel_b").GetProperty("b2_result").GetString());
        Assert.AreEqual("C1", contexts.GetProperty("parallel_c").GetProperty("c1_result").GetString());
        var conditional = contexts.GetProperty("conditional_test");
        Assert.AreEqual("condition matched", conditional.GetProperty("conditional_result").GetString());
        Assert.IsFalse(conditional.TryGetProperty("negative_result", out _), "the step whose condition is false must not set its output");
        Assert.AreEqual("hello-from-producer", contexts.GetProperty("consumer").GetProperty("producer.produce").GetString());
        Assert.AreEqual("consumer got: hello-from-producer", contexts.GetProperty("consumer").GetProperty("consumed_value").GetString());
        Assert.AreEqual("skipped", StepStatus(runFile, "conditional_test", "negative_condition"));
    }

    [TestMethod]
    [DataRow(null, DisplayName = "default task build")]
    [DataRow("netstandard2.0", DisplayName = "netstandard2.0 task build")]
    public async Task ErrorHandlingFixtureStopsTheWorkflowExitsNonZeroAndStillWritesTheRunFile(string? taskFramework)
    {
        var project = await TestProject.CreateAsync("compat_errors" + TaskBuilds.Suffix(taskFramework), new Dictionary<string, string>
        {
            ["error_handling.yaml"] = Fixture("error_handling.yaml"),
        });

        var build = await project.BuildAsync(TaskBuilds.Arguments(taskFramework));
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        TaskBuilds.AssertLoaded(build, taskFramework);
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(1, run.ExitCode, run.ToString());

        using var runFile = project.ReadRunFile();
        Assert.AreEqual("failed", runFile.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("failed", StepStatus(runFile, "error_test", "will_fail"));
        Assert.AreEqual("not_run", StepStatus(runFile, "error_test", "after_fail"));
        var channel = runFile.RootElement.GetProperty("channels").GetProperty("error_test.will_fail");
        StringAssert.Contains(channel.GetProperty("err").GetString(), "exited with code 1");
        Assert.IsFalse(runFile.RootElement.GetProperty("channels").TryGetProperty("error_test.after_fail", out _));
        Assert.IsFalse(run.StandardOutput.Contains("should not reach here", StringComparison.Ordinal));
    }

    internal static string? StepStatus(JsonDocument runFile, string workflow, string step) =>
        runFile.RootElement.GetProperty("workflows").GetProperty(workflow).GetProperty("steps").EnumerateArray()
            .First(s => s.GetProperty("name").GetString() == step).GetProperty("status").GetString();
}
