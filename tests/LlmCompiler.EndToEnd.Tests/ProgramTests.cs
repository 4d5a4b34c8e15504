using System.Diagnostics;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The generated program and library surface: entry point, run file options, publish, signals.</summary>
[TestClass]
public sealed class ProgramTests
{
    private const string Flow = """
        name: flow
        steps:
          - name: a
            type: shell
            command: printf 'from yaml'
            output: text
        """;

    [TestMethod]
    public async Task RunFilePathComesFromTheOptionThenTheEnvironment()
    {
        var project = await TestProject.CreateAsync("runfile", new Dictionary<string, string> { ["flow.yaml"] = Flow });
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);

        var byOption = project.PathOf("out/option.json");
        var run = await project.RunBuiltAsync("--run-file", byOption, "-q");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.IsTrue(File.Exists(byOption));

        var byEnvironment = project.PathOf("out/env.json");
        var env = new Dictionary<string, string?>(TestFeed.DotnetEnvironment) { ["LLMC_RUN_FILE"] = byEnvironment };
        var second = await ProcessRunner.RunAsync("dotnet", [project.PathOf("bin/Debug/net10.0/runfile.dll")], project.Directory, env);
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.IsTrue(File.Exists(byEnvironment));

        var bad = await project.RunBuiltAsync("--no-such-option");
        Assert.AreEqual(2, bad.ExitCode, bad.ToString());
    }

    [TestMethod]
    public async Task LibraryProjectsGetCallableClassesAndProgramsCanOwnMain()
    {
        var project = await TestProject.CreateAsync("ownmain", new Dictionary<string, string>
        {
            ["flow.yaml"] = Flow,
            ["Program.cs"] = """
                var result = await ownmain.LlmCompilerWorkflows.RunAllAsync(new LlmCompiler.Runtime.WorkflowRunOptions { Quiet = true });
                System.Console.WriteLine("user main saw: " + result.Workflows[0].Variables["text"]);
                System.Console.WriteLine("definition: " + ownmain.FlowWorkflow.Definition.Steps.Count);
                return result.ExitCode;
                """,
        }, projectBody: """
            <PropertyGroup><LlmCompilerGenerateEntryPoint>false</LlmCompilerGenerateEntryPoint></PropertyGroup>
            <ItemGroup><Workflow Include="flow.yaml" /></ItemGroup>
            """);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StandardOutput, "user main saw: from yaml");
        StringAssert.Contains(run.StandardOutput, "definition: 1");

        var library = await TestProject.CreateAsync("workflowlib", new Dictionary<string, string> { ["flow.yaml"] = Flow }, outputType: "Library");
        var libraryBuild = await library.BuildAsync();
        Assert.AreEqual(0, libraryBuild.ExitCode, libraryBuild.ToString());
        Assert.IsFalse(File.ReadAllText(library.PathOf("obj/Debug/net10.0/llmc/LlmCompilerWorkflows.g.cs")).Contains("Main(", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task PublishedProgramRunsTheWorkflows()
    {
        var project = await TestProject.CreateAsync("published", new Dictionary<string, string> { ["flow.yaml"] = Flow });
        var publish = await project.DotnetAsync("publish", "-nologo", "-o", "out");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        var run = await ProcessRunner.RunAsync("dotnet", [project.PathOf("out/published.dll"), "-q"], project.Directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var runFile = project.ReadRunFile();
        Assert.AreEqual("from yaml", runFile.RootElement.GetProperty("contexts").GetProperty("flow").GetProperty("text").GetString());
    }

    [TestMethod]
    public async Task SigtermKillsRunningStepsWritesTheRunFileAndExits130()
    {
        var marker = Path.Combine(TestFeed.Root, "sigterm-survivor");
        var (project, process, stderr) = await StartThenTerminateAsync("sigterm", $$"""
              - name: sleep
                type: shell
                command: sleep 3 && touch {{marker}}
            """);
        using var running = process;
        await ExitsWith130Async(process, stderr);

        using var runFile = project.ReadRunFile();
        Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("cancelled", CompatFixtureTests.StepStatus(runFile, "slow", "sleep"));
        await Task.Delay(3500);
        Assert.IsFalse(File.Exists(marker), "the step's process must be killed, not left running");
    }

    [TestMethod]
    public async Task AfterSigtermAlwaysAndCancelledStepsRunAndTheRunFileShowsThem()
    {
        var marker = Path.Combine(TestFeed.Root, "sigterm-cleanup-" + Guid.NewGuid().ToString("N"));
        var (project, process, stderr) = await StartThenTerminateAsync("cleanup", $$"""
              - name: sleep
                type: shell
                command: sleep 5
              - name: after
                type: shell
                command: echo never
              - name: cleanup
                type: shell
                if: always()
                command: touch {{marker}}
              - name: report
                type: shell
                if: cancelled() && !success()
                command: echo reported
                output: report
            """);
        using var running = process;
        var log = await ExitsWith130Async(process, stderr);
        StringAssert.Contains(log, "cleanup steps (always(), cancelled()) run for up to 30 s; press Ctrl+C again to stop them");

        Assert.IsTrue(File.Exists(marker), "the always() step must run after SIGTERM");
        using var runFile = project.ReadRunFile();
        Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString());
        var steps = runFile.RootElement.GetProperty("workflows").GetProperty("slow").GetProperty("steps");
        CollectionAssert.AreEqual(
            new[] { "succeeded", "cancelled", "not_run", "succeeded", "succeeded" },
            steps.EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToArray());
        CollectionAssert.AreEqual(
            new[] { false, false, false, true, true },
            steps.EnumerateArray().Select(s => s.TryGetProperty("after_cancellation", out var v) && v.GetBoolean()).ToArray());
        Assert.AreEqual("reported", runFile.RootElement.GetProperty("contexts").GetProperty("slow").GetProperty("report").GetString());
    }

    [TestMethod]
    public async Task ASecondSigtermStopsTheCleanupSteps()
    {
        var marker = Path.Combine(TestFeed.Root, "sigterm-second-" + Guid.NewGuid().ToString("N"));
        var (project, process, stderr) = await StartThenTerminateAsync("second", $$"""
              - name: sleep
                type: shell
                command: sleep 5
              - name: cleanup
                type: shell
                if: always()
                command: sleep 5 && touch {{marker}}
            """);
        using var running = process;
        await Task.Delay(1000);
        Assert.IsFalse(process.HasExited, "the cleanup step must be running after the first SIGTERM");
        await TerminateAsync(process, project);
        await ExitsWith130Async(process, stderr);

        using var runFile = project.ReadRunFile();
        Assert.AreEqual("cancelled", CompatFixtureTests.StepStatus(runFile, "slow", "cleanup"));
        await Task.Delay(5000);
        Assert.IsFalse(File.Exists(marker), "the cleanup step's process must be killed by the second SIGTERM");
    }

    /// <summary>
    /// Builds a program whose workflow <c>slow</c> prints "started" and then runs <paramref name="steps"/> (YAML list
    /// items), runs it, and sends it SIGTERM once that line is out.
    /// </summary>
    private static async Task<(TestProject Project, Process Process, Task<string> Stderr)> StartThenTerminateAsync(string name, string steps)
    {
        var yaml = "name: slow\nsteps:\n  - name: started\n    type: shell\n    command: echo started\n" + steps;
        var project = await TestProject.CreateAsync(name, new Dictionary<string, string> { ["flow.yaml"] = yaml });
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = project.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(project.PathOf($"bin/Debug/net10.0/{name}.dll"));
        var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.AreEqual("started", await process.StandardOutput.ReadLineAsync());
        await Task.Delay(300);
        await TerminateAsync(process, project);
        return (project, process, stderr);
    }

    private static async Task<string> ExitsWith130Async(Process process, Task<string> stderr)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stderr;
        Assert.AreEqual(130, process.ExitCode, log);
        return log;
    }

    private static async Task TerminateAsync(Process process, TestProject project) =>
        Assert.AreEqual(0, (await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], project.Directory)).ExitCode);
}
