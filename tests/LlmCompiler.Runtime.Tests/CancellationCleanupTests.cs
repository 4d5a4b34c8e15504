using System.Text.Json;
using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.Tests;

/// <summary>After a cancellation, steps whose <c>if</c> uses <c>always()</c> or <c>cancelled()</c> run, as in GitHub Actions, within the grace period.</summary>
[TestClass]
public sealed class CancellationCleanupTests
{
    private static WorkflowRunOptions Options(TimeSpan? grace = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, CancellationGracePeriod = grace ?? TimeSpan.FromSeconds(30) };

    private static ShellStep Cleanup(string name, string command, Func<IWorkflowState, bool> condition) =>
        new(name, command) { Condition = condition, ChecksStatus = true, Output = name };

    [TestMethod]
    public async Task AlwaysAndCancelledStepsRunAfterACancellationAndTheOthersDoNot()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("long", "sleep 5"),
            new ShellStep("plain", "echo plain") { Output = "plain" },
            Cleanup("always", "echo cleaned", static _ => true),
            Cleanup("cancelled", "echo saw-cancel", Conditions.Cancelled),
            Cleanup("success", "echo wrong", Conditions.Success),
            Cleanup("failure", "echo wrong", Conditions.Failure),
        ]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = await WorkflowRunner.RunAsync([workflow], Options(), cancellation.Token);

        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        Assert.AreEqual(130, result.ExitCode);
        var steps = result.Workflows[0].Steps;
        CollectionAssert.AreEqual(
            new[] { StepStatus.Cancelled, StepStatus.NotRun, StepStatus.Succeeded, StepStatus.Succeeded, StepStatus.Skipped, StepStatus.Skipped },
            steps.Select(s => s.Status).ToArray());
        CollectionAssert.AreEqual(new[] { false, false, true, true, true, true }, steps.Select(s => s.AfterCancellation).ToArray());
        Assert.AreEqual("cleaned", result.Workflows[0].Variables["always"]);
        Assert.AreEqual("saw-cancel", result.Workflows[0].Variables["cancelled"]);
    }

    [TestMethod]
    public async Task TheGracePeriodRunningOutStopsCleanupSteps()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("long", "sleep 5"),
            Cleanup("slow", "sleep 5", static _ => true),
            Cleanup("after", "true", static _ => true),
        ]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var result = await WorkflowRunner.RunAsync([workflow], Options(TimeSpan.FromMilliseconds(500)), cancellation.Token);

        var steps = result.Workflows[0].Steps;
        CollectionAssert.AreEqual(new[] { StepStatus.Cancelled, StepStatus.Cancelled, StepStatus.NotRun }, steps.Select(s => s.Status).ToArray());
        Assert.AreEqual(RunStatus.Cancelled, result.Status);
    }

    [TestMethod]
    public async Task AZeroGracePeriodRunsNoStepAfterACancellation()
    {
        var workflow = new Workflow("w", [new ShellStep("long", "sleep 5"), Cleanup("always", "true", static _ => true)]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var result = await WorkflowRunner.RunAsync([workflow], Options(TimeSpan.Zero), cancellation.Token);
        Assert.AreEqual(StepStatus.NotRun, result.Workflows[0].Steps[1].Status);
    }

    [TestMethod]
    public async Task TheStopTokenASecondSignalCancelsStopsCleanupSteps()
    {
        var workflow = new Workflow("w", [new ShellStep("long", "sleep 5"), Cleanup("slow", "sleep 5", static _ => true)]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var result = await WorkflowRunner.RunAsync([workflow], Options(), cancellation.Token, stop.Token);
        Assert.AreEqual(StepStatus.Cancelled, result.Workflows[0].Steps[1].Status);
        Assert.IsTrue(result.Workflows[0].Steps[1].AfterCancellation);
    }

    [TestMethod]
    public async Task TheRunFileMarksTheStepsReachedAfterTheCancellation()
    {
        var workflow = new Workflow("w", [new ShellStep("long", "sleep 5"), Cleanup("always", "true", static _ => true)]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var result = await WorkflowRunner.RunAsync([workflow], Options(), cancellation.Token);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "run.json");
        await RunFile.WriteAsync(path, result, "prog");

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var steps = json.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps");
        Assert.IsFalse(steps[0].TryGetProperty("after_cancellation", out _));
        Assert.IsTrue(steps[1].GetProperty("after_cancellation").GetBoolean());
        Assert.AreEqual("succeeded", steps[1].GetProperty("status").GetString());
    }
}
