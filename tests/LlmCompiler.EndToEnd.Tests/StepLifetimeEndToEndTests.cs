using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A built program as an operator meets it: kill -9 leaves no step process behind, SIGHUP cancels like SIGTERM and a
/// cancelled foreach keeps the items that finished for <c>--resume</c>, and an unexpected error is exit 70, one line.
/// </summary>
/// <remarks>
/// Its tests share one project directory and the files the flow uses to signal ('started', 'go', 'runs.log'): run at once
/// (the assembly parallelises methods), one test's item 3 wrote 'started' for the other, whose SIGHUP then came before its
/// own item 3 had been taken, so that item was recorded not_run. They run one at a time.
/// </remarks>
[TestClass]
[DoNotParallelize]
public sealed class StepLifetimeEndToEndTests
{
    // One item at a time; item 3 starts a step child and a grandchild that sleep, then blocks, until 'go' exists.
    internal const string Flow = """
        name: job
        steps:
          - name: each
            type: shell
            foreach: ["0", "1", "2", "3", "4", "5"]
            max_parallel: 1
            command: >-
              echo "item {{item}}" >> runs.log;
              if [ "{{item}}" = 3 ] && [ ! -e go ]; then sh -c 'sleep 300 & wait' & sleep 301 & touch started; wait; fi;
              printf 'x%s' "{{item}}"
            output: out
        """;

    private const string BreakingConfiguration = """
        using System;
        using LlmCompiler.Runtime;

        namespace lifetime;

        internal static partial class LlmCompilerProgram
        {
            static partial void ConfigureRun(WorkflowRunOptions options)
            {
                if (Environment.GetEnvironmentVariable("BREAK_RUN") == "1")
                {
                    throw new InvalidOperationException("the configuration broke");
                }
            }
        }
        """;

    private static TestProject? _project;

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _project = await TestProject.CreateAsync("lifetime", new Dictionary<string, string> { ["flow.yaml"] = Flow, ["Configure.cs"] = BreakingConfiguration });
        var build = await _project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
    }

    private static TestProject Project => _project ?? throw new InvalidOperationException("not built");

    private static void Reset()
    {
        foreach (var file in new[] { "go", "started", "runs.log" })
        {
            File.Delete(Project.PathOf(file));
        }
    }

    private static async Task WaitForStartedAsync(BackgroundProgram run)
    {
        while (!File.Exists(Project.PathOf("started")))
        {
            Assert.IsFalse(run.HasExited, run.Output);
            await Task.Delay(100);
        }
    }

    [TestMethod]
    public async Task KillingTheProgramWithSigkillLeavesNoStepProcessOrGrandchildBehind()
    {
        Reset();
        var mark = MarkedProcesses.NewMark();
        try
        {
            await using var run = BackgroundProgram.Start(Project, new Dictionary<string, string?> { [MarkedProcesses.Variable] = mark }, "--run-file", "killed.json");
            await WaitForStartedAsync(run);

            // 'started' is written right after the background jobs are forked; under load their execs may still be
            // under way, and a process in the middle of exec shows no environment. Wait for them to settle.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (MarkedProcesses.Find(mark).Count < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.IsTrue(MarkedProcesses.Find(mark).Count >= 4, "the program, the step's shell, its child shell and the sleeps run");

            run.Kill();

            var left = await MarkedProcesses.WaitUntilGoneAsync(mark, TimeSpan.FromSeconds(30));
            Assert.AreEqual(0, left.Count, "left behind: " + string.Join(", ", left.Select(Describe)));
        }
        finally
        {
            MarkedProcesses.KillAll(mark);
        }
    }

    [TestMethod]
    public async Task SighupCancelsTheRunAsSigtermDoesAndResumeRestoresTheForeachItemsThatFinished()
    {
        Reset();
        await using (var run = BackgroundProgram.Start(Project, new Dictionary<string, string?>(), "--run-file", "hangup.json"))
        {
            await WaitForStartedAsync(run);
            System.Diagnostics.Process.Start("kill", ["-HUP", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.AreEqual(130, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)), run.Output);
        }

        using (var runFile = Project.ReadRunFile(Project.PathOf("hangup.json")))
        {
            Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString());
            var items = runFile.RootElement.GetProperty("workflows").GetProperty("job").GetProperty("steps")[0].GetProperty("items");
            CollectionAssert.AreEqual(
                new[] { "succeeded", "succeeded", "succeeded", "cancelled", "not_run", "not_run" },
                items.EnumerateArray().Select(i => i.GetProperty("status").GetString()).ToArray());
        }

        File.WriteAllText(Project.PathOf("go"), string.Empty);
        File.Delete(Project.PathOf("runs.log"));
        var resumed = await Project.RunBuiltAsync("--resume", "hangup.json", "--run-file", "resumed.json");

        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        CollectionAssert.AreEqual(new[] { "item 3", "item 4", "item 5" }, File.ReadAllLines(Project.PathOf("runs.log")), "the items that had finished are restored, not run");
        using var final = Project.ReadRunFile(Project.PathOf("resumed.json"));
        Assert.AreEqual("[\"x0\",\"x1\",\"x2\",\"x3\",\"x4\",\"x5\"]", final.RootElement.GetProperty("contexts").GetProperty("job").GetProperty("out").GetString());
    }

    [TestMethod]
    public async Task AnUnexpectedErrorEndsTheProcessWithExitCode70AndOneLineWithoutAStackTrace()
    {
        var broken = await Project.RunBuiltAsync(new Dictionary<string, string?> { ["BREAK_RUN"] = "1" }, "--run-file", "broken.json");
        var verbose = await Project.RunBuiltAsync(new Dictionary<string, string?> { ["BREAK_RUN"] = "1" }, "--run-file", "broken.json", "--verbose");

        Assert.AreEqual(70, broken.ExitCode, broken.ToString());
        Assert.AreEqual("error: unexpected error: InvalidOperationException: the configuration broke (--verbose shows the stack trace)", broken.StandardError.Trim());
        Assert.AreEqual(70, verbose.ExitCode, verbose.ToString());
        StringAssert.Contains(verbose.StandardError, "   at ");
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})";
        }
        catch (IOException)
        {
            return pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
