using System.Diagnostics;
using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The durable engine with built programs on a real Azurite (installed from npm by the tests, loopback only): the
/// same run file as the embedded engine, steps spread over worker processes, a worker killed mid fan-out, and a
/// store that cannot be reached.
/// </summary>
[TestClass]
public sealed class DurableEndToEndTests
{
    private const string DurableProject = """
        <PropertyGroup><LlmCompilerDurableTask>true</LlmCompilerDurableTask></PropertyGroup>
        <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
        """;

    public TestContext TestContext { get; set; } = null!;

    private static readonly ClassAzurite Emulator = new();

    private static AzuriteServer Azurite => Emulator.Server;

    [ClassInitialize]
    public static Task StartAzuriteAsync(TestContext context) => Emulator.StartAsync(context);

    [ClassCleanup]
    public static Task StopAzuriteAsync() => Emulator.StopAsync();

    /// <summary>The engine's settings as a fresh task hub on this test's Azurite, as command-line arguments.</summary>
    private static string[] Durable(string hub) => ["--engine", "durabletask", "--connection", Azurite.ConnectionString, "--task-hub", hub];

    private static string NewHub() => "e2e" + Guid.NewGuid().ToString("N")[..16];

    private static string Fixture(string name) => CompatInputs.Read(Path.Combine("upstream-fixtures", name));

    [TestMethod]
    public async Task EveryCompatFixtureGivesTheSameRunFileUnderBothEngines()
    {
        var project = await TestProject.CreateAsync("durable_compat", new Dictionary<string, string>
        {
            ["fixtures/shell_basic.yaml"] = Fixture("shell_basic.yaml"),
            ["fixtures/template.yaml"] = Fixture("template.yaml"),
            ["fixtures/parallel.yaml"] = Fixture("parallel.yaml"),
            ["fixtures/conditional.yaml"] = Fixture("conditional.yaml"),
            ["fixtures/cross_workflow.yaml"] = Fixture("cross_workflow.yaml"),
            ["fixtures/error_handling.yaml"] = Fixture("error_handling.yaml"),
        }, DurableProject);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var embedded = await project.RunBuiltAsync("--run-file", "embedded.json");
        var durable = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["LLMC_ENGINE"] = "durabletask",
            ["LLMC_DURABLETASK_CONNECTION"] = Azurite.ConnectionString,
            ["LLMC_DURABLETASK_HUB"] = NewHub(),
        }, "--run-file", "durable.json");

        Assert.AreEqual(1, embedded.ExitCode, embedded.ToString());
        Assert.AreEqual(embedded.ExitCode, durable.ExitCode, durable.ToString());
        Assert.AreEqual(Comparable(project.PathOf("embedded.json")), Comparable(project.PathOf("durable.json")));
        StringAssert.Contains(durable.StandardError, "[consumer] wait_for_producer: ok");
        Assert.IsFalse(durable.Output.Contains(Azurite.ConnectionString, StringComparison.Ordinal), "the connection string is a secret");
        Assert.IsFalse(File.ReadAllText(project.PathOf("durable.json")).Contains("AccountKey", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task WorkflowCallsGiveTheSameRunFileUnderBothEnginesAndSigtermCancelsADurableRunAsAnEmbeddedOne()
    {
        var project = await TestProject.CreateAsync("durable_calls", new Dictionary<string, string>
        {
            ["helper.yaml"] = WorkflowCallEndToEndTests.Helper,
            ["main.yaml"] = WorkflowCallEndToEndTests.Main,
            ["slow.yaml"] = """
                name: slow
                inputs:
                  nap: { type: string, default: "0" }
                steps:
                  - name: started
                    type: shell
                    command: touch started.flag
                  - name: sleep
                    type: shell
                    command: sleep {{nap}}
                  - name: after
                    type: shell
                    command: echo never
                  - name: cleanup
                    type: shell
                    if: cancelled()
                    command: printf cleaned
                    output: cleaned
                """,
        }, DurableProject);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var embedded = await project.RunBuiltAsync("--run-file", "embedded.json");
        var durable = await project.RunBuiltAsync(["--run-file", "durable.json", .. Durable(NewHub())]);
        Assert.AreEqual(0, embedded.ExitCode, embedded.ToString());
        Assert.AreEqual(0, durable.ExitCode, durable.ToString());
        Assert.AreEqual(Comparable(project.PathOf("embedded.json")), Comparable(project.PathOf("durable.json")));
        StringAssert.Contains(durable.StandardError, "[tag_word] tag: ok", "a called workflow's steps are reported as the embedded engine reports them");

        // SIGTERM mid-step: the step in flight is cancelled, later steps are not run, the cleanup step runs; exit 130. The runs
        // above left started.flag behind: without removing it, the signal came while this run was still starting.
        File.Delete(project.PathOf("started.flag"));
        await using var run = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--run-file", "cancelled.json", "-i", "nap=120", .. Durable(NewHub())]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(project.PathOf("started.flag")))
        {
            Assert.IsTrue(DateTime.UtcNow < deadline && !run.HasExited, run.Output);
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        run.Terminate();
        Assert.AreEqual(130, await run.WaitForExitAsync(TimeSpan.FromSeconds(90)), run.Output);
        using var runFile = JsonDocument.Parse(File.ReadAllText(project.PathOf("cancelled.json")));
        Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString());
        var steps = runFile.RootElement.GetProperty("workflows").GetProperty("slow").GetProperty("steps");
        CollectionAssert.AreEqual(
            new[] { "succeeded", "cancelled", "not_run", "succeeded" },
            steps.EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToArray(),
            run.Output);
        Assert.AreEqual("cleaned", runFile.RootElement.GetProperty("contexts").GetProperty("slow").GetProperty("cleaned").GetString());
    }

    [TestMethod]
    public async Task TwoWorkerProcessesShareTheItemsOfARunStartedWithoutAWorker()
    {
        var project = await TestProject.CreateAsync("durable_spread", new Dictionary<string, string>
        {
            ["flow.yaml"] = """
                name: fan
                steps:
                  - name: each
                    type: shell
                    foreach: [a, b, c, d, e, f, g, h, i, j, k, l]
                    max_parallel: 12
                    command: sleep 1; printf '%s' "{{item}}"
                    output: out
                """,
        }, DurableProject);
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var hub = NewHub();
        await using var first = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await using var second = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await first.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await second.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));

        var run = await project.RunBuiltAsync(["--no-worker", .. Durable(hub)]);

        Assert.AreEqual(0, run.ExitCode, run + "\n--- worker 1 ---\n" + first.Output + "\n--- worker 2 ---\n" + second.Output);
        using var runFile = project.ReadRunFile();
        var step = runFile.RootElement.GetProperty("workflows").GetProperty("fan").GetProperty("steps")[0];
        var workers = step.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("worker").GetString()).ToList();
        Assert.AreEqual(2, workers.Distinct().Count(), "items ran on both workers: " + string.Join(", ", workers));
        Assert.IsTrue(workers.All(w => w == $"{Environment.MachineName}-{first.Id}" || w == $"{Environment.MachineName}-{second.Id}"), string.Join(", ", workers));
        Assert.AreEqual("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\"]", runFile.RootElement.GetProperty("contexts").GetProperty("fan").GetProperty("out").GetString());

        // SIGTERM stops a worker gracefully.
        first.Terminate();
        Assert.AreEqual(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), first.Output);
    }

    [TestMethod]
    public async Task AWorkerKilledMidFanOutLosesNoCompletedStepAndTheRunStillSucceeds()
    {
        var project = await TestProject.CreateAsync("durable_crash", new Dictionary<string, string>
        {
            ["flow.yaml"] = """
                name: crash
                steps:
                  - name: each
                    type: shell
                    foreach: [i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15]
                    max_parallel: 16
                    command: echo "start {{item}} $LLMC_ATTEMPT_ID" >> side-effects.log; sleep 2; echo "done {{item}}" >> side-effects.log; printf '%s' "{{item}}"
                    output: out
                  - name: after
                    type: shell
                    command: echo after >> side-effects.log
                """,
        }, DurableProject);
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var hub = NewHub();
        var log = project.PathOf("side-effects.log");
        await using var victim = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await using var survivor = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await victim.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await survivor.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await using var run = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", .. Durable(hub)]);

        // Kill one worker once some items have completed and others are in flight.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Lines(log).Count(l => l.StartsWith("done ", StringComparison.Ordinal)) < 2)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline && !run.HasExited, run.Output);
            await Task.Delay(50);
        }

        // An item is complete once the engine has its result, a moment after its command ends (a command that ended
        // just before the kill may not be reported yet: execution is at-least-once). Items done a second before the
        // kill are reported for sure.
        var doneBeforeKill = Lines(log).Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => l[5..]).ToHashSet();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var survivorBeforeKill = survivor.Output.Length;
        victim.Kill();
        var killedAt = Stopwatch.StartNew();

        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(5));
        var recovery = killedAt.Elapsed;
        TestContext.WriteLine($"kill -9 to completion: {recovery.TotalSeconds:0.0} s ({doneBeforeKill.Count} items done before the kill)");
        Console.Error.WriteLine($"durable recovery: kill -9 to completion {recovery.TotalSeconds:0.0} s");

        Assert.AreEqual(0, exitCode, run.Output + "\n--- survivor ---\n" + survivor.Output);
        var lines = Lines(log);
        foreach (var item in doneBeforeKill)
        {
            Assert.AreEqual(1, lines.Count(l => l.StartsWith($"start {item} ", StringComparison.Ordinal)), $"item {item} completed before the kill and must not run again:\n{string.Join("\n", lines)}");
        }

        for (var i = 0; i < 16; i++)
        {
            Assert.IsTrue(lines.Contains($"done i{i}"), $"item i{i} never completed");
        }

        Assert.AreEqual(1, lines.Count(l => l == "after"));
        using var runFile = project.ReadRunFile();
        Assert.AreEqual("succeeded", runFile.RootElement.GetProperty("status").GetString());

        // The dead worker held partitions (two workers share the four): the survivor takes them over, one log line each. Its
        // leases run out in seconds; the limit only keeps a hang from blocking the suite.
        var takeover = DateTime.UtcNow.AddMinutes(2);
        while (!survivor.Output[survivorBeforeKill..].Contains(" took partition ", StringComparison.Ordinal))
        {
            Assert.IsTrue(DateTime.UtcNow < takeover, "the survivor never logged taking over a partition:\n" + survivor.Output);
            await Task.Delay(250);
        }

        // A re-run item keeps its attempt id: the same id on every start of that item.
        foreach (var group in lines.Where(l => l.StartsWith("start ", StringComparison.Ordinal)).GroupBy(l => l.Split(' ')[1]))
        {
            Assert.AreEqual(1, group.Select(l => l.Split(' ')[2]).Distinct().Count(), string.Join("\n", group));
        }
    }

    [TestMethod]
    public async Task AStoreThatCannotBeReachedIsAClearErrorNamingTheSettingWithExitCode3()
    {
        var project = await TestProject.CreateAsync("durable_down", new Dictionary<string, string>
        {
            ["flow.yaml"] = """
                name: w
                steps:
                  - name: s
                    type: shell
                    command: echo should not run
                """,
        }, DurableProject);
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var port = AzuriteServer.FreePort();
        var nowhere = AzuriteServer.ConnectionStringFor(port, port, port);

        var clock = Stopwatch.StartNew();
        var run = await project.RunBuiltAsync("--engine", "durabletask", "--connection", nowhere, "--task-hub", NewHub());
        var garbage = await project.RunBuiltAsync(new Dictionary<string, string?> { ["LLMC_DURABLETASK_CONNECTION"] = "s3cret-garbage" }, "--engine", "durabletask");

        Assert.AreEqual(3, run.ExitCode, run.ToString());
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        StringAssert.Contains(run.StandardError, "LLMC_DURABLETASK_CONNECTION");
        Assert.IsFalse(run.Output.Contains("AccountKey", StringComparison.Ordinal) || run.Output.Contains("should not run", StringComparison.Ordinal), run.ToString());
        Assert.AreEqual(3, garbage.ExitCode, garbage.ToString());
        StringAssert.Contains(garbage.StandardError, "not a valid Azure Storage connection string");
        Assert.IsFalse(garbage.Output.Contains("s3cret", StringComparison.Ordinal), garbage.ToString());
    }

    private static List<string> Lines(string path)
    {
        try
        {
            return File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The run file without what differs between any two runs: times, durations and which worker ran a step.</summary>
    private static string Comparable(string path) => RunFileComparison.Comparable(File.ReadAllText(path));
}
