using System.Text.Json;
using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// The durable engine as an operator drives it, with built programs on a real Azurite: a run id that survives its client
/// (kill -9, then <c>--run-id</c> or <c>runs attach</c>), <c>runs list/show/cancel</c>, the client's progress lines, attempts in
/// the run file, and the store going away mid-run.
/// </summary>
[TestClass]
public sealed partial class DurableOperatorTests
{
    private const string DurableProject = """
        <PropertyGroup><LlmCompilerDurableTask>true</LlmCompilerDurableTask></PropertyGroup>
        <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
        """;

    /// <summary>A foreach of eight one-second items, a step that fails its first attempt, and a slow step; each item logs its starts.</summary>
    private const string Flow = """
        name: fan
        inputs:
          nap: { type: string, default: "1" }
        steps:
          - name: each
            type: shell
            foreach: [i0, i1, i2, i3, i4, i5, i6, i7]
            max_parallel: 2
            command: echo "start {{item}}" >> items.log; sleep {{nap}}; printf '%s' "{{item}}"
            output: out
          - name: flaky
            type: shell
            retry: { max_attempts: 3, backoff: 2 }
            command: if [ -e tried.flag ]; then printf ok; else touch tried.flag; exit 1; fi
            output: flaky
          - name: slow
            type: shell
            command: sleep 1.3
          - name: cleanup
            type: shell
            if: cancelled()
            command: printf cleaned
            output: cleaned
        """;

    private static readonly ClassAzurite Emulator = new();

    private static AzuriteServer Azurite => Emulator.Server;

    [ClassInitialize]
    public static Task StartAzuriteAsync(TestContext context) => Emulator.StartAsync(context);

    [ClassCleanup]
    public static Task StopAzuriteAsync() => Emulator.StopAsync();

    private static string[] Durable(AzuriteServer azurite, string hub) => ["--engine", "durabletask", "--connection", azurite.ConnectionString, "--task-hub", hub];

    private static string NewHub() => "ops" + Guid.NewGuid().ToString("N")[..16];

    private static async Task<TestProject> BuildAsync(string name)
    {
        var project = await TestProject.CreateAsync(name, new Dictionary<string, string> { ["flow.yaml"] = Flow }, DurableProject);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        return project;
    }

    [TestMethod]
    public async Task AClientKilledWithKill9IsReplacedByRunIdOrAttachWithoutRunningAnyItemTwice()
    {
        var project = await BuildAsync("durable_ops_attach");
        var hub = NewHub();
        await using var worker = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(Azurite, hub)]);
        await worker.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));

        // The first client dies (kill -9) once an item has started.
        await using (var first = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", "--run-id", "nightly-1", "--run-file", "first.json", "-i", "nap=3", .. Durable(Azurite, hub)]))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(project.PathOf("items.log")))
            {
                Assert.IsTrue(DateTime.UtcNow < deadline && !first.HasExited, first.Output);
                await Task.Delay(100);
            }

            StringAssert.Contains(first.Output, "durabletask: run nightly-1 started");
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // The operator finds it by id.
        var list = await project.RunBuiltAsync(["runs", "list", .. Durable(Azurite, hub)]);
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        Assert.IsTrue(RunLine().IsMatch(list.StandardOutput), list.ToString());
        var show = await project.RunBuiltAsync(["runs", "show", "nightly-1", .. Durable(Azurite, hub)]);
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        StringAssert.Contains(show.StandardOutput, "nightly-1");
        StringAssert.Contains(show.StandardOutput, "fan: ");
        var missing = await project.RunBuiltAsync(["runs", "show", "no-such-run", .. Durable(Azurite, hub)]);
        Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StandardError, "no run 'no-such-run'");

        // A client started again with the same id attaches: one run, every item once, progress and the run file as usual.
        var second = await project.RunBuiltAsync(["--no-worker", "--run-id", "nightly-1", "--run-file", "second.json", .. Durable(Azurite, hub)]);
        Assert.AreEqual(0, second.ExitCode, second + "\n--- worker ---\n" + worker.Output);
        StringAssert.Contains(second.StandardError, "attached to run nightly-1");
        Assert.IsFalse(second.StandardError.Contains("run nightly-1 started", StringComparison.Ordinal), second.ToString());
        var starts = File.ReadAllLines(project.PathOf("items.log"));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 8).Select(i => $"start i{i}").ToArray(), starts, "every item ran exactly once:\n" + string.Join("\n", starts));

        // The client prints the embedded engine's lines: items progress, retries, durations in seconds.
        StringAssert.Contains(second.StandardError, "[fan] each: ");
        Assert.IsTrue(ItemsLine().IsMatch(second.StandardError), second.StandardError);
        StringAssert.Contains(second.StandardError, "[fan] flaky: attempt 1 of 3 failed");
        Assert.IsTrue(SlowLine().IsMatch(second.StandardError), second.StandardError);

        // Attempts per step and item.
        using (var runFile = project.ReadRunFile(project.PathOf("second.json")))
        {
            Assert.AreEqual("succeeded", runFile.RootElement.GetProperty("status").GetString());
            var steps = runFile.RootElement.GetProperty("workflows").GetProperty("fan").GetProperty("steps");
            Assert.AreEqual(2, steps[1].GetProperty("attempts").GetInt32(), steps[1].ToString());
            Assert.AreEqual(1, steps[2].GetProperty("attempts").GetInt32(), steps[2].ToString());
            Assert.IsTrue(steps[0].GetProperty("items").EnumerateArray().All(i => i.GetProperty("attempts").GetInt32() == 1), steps[0].ToString());
        }

        // The ended run can still be attached to and recorded, with its exit code.
        var attach = await project.RunBuiltAsync(["runs", "attach", "nightly-1", "--run-file", "attached.json", .. Durable(Azurite, hub)]);
        Assert.AreEqual(0, attach.ExitCode, attach.ToString());
        using var attached = project.ReadRunFile(project.PathOf("attached.json"));
        Assert.AreEqual("succeeded", attached.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("[\"i0\",\"i1\",\"i2\",\"i3\",\"i4\",\"i5\",\"i6\",\"i7\"]", attached.RootElement.GetProperty("contexts").GetProperty("fan").GetProperty("out").GetString());
        var ended = await project.RunBuiltAsync(["runs", "list", .. Durable(Azurite, hub)]);
        StringAssert.Contains(ended.StandardOutput, "succeeded");
    }

    [TestMethod]
    public async Task RunsCancelCancelsARunWhoseClientIsGoneAndAttachRecordsItAsCancelled()
    {
        var project = await BuildAsync("durable_ops_cancel");
        var hub = NewHub();
        await using var worker = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(Azurite, hub)]);
        await worker.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await using (var client = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", "--run-id", "long-1", "-i", "nap=120", .. Durable(Azurite, hub)]))
        {
            await client.WaitForOutputAsync("run long-1 started", TimeSpan.FromSeconds(60));
            client.Kill();
            await client.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var cancel = await project.RunBuiltAsync(["runs", "cancel", "long-1", .. Durable(Azurite, hub)]);
        Assert.AreEqual(0, cancel.ExitCode, cancel.ToString());
        StringAssert.Contains(cancel.StandardError, "run long-1: cancelled");

        var attach = await project.RunBuiltAsync(["runs", "attach", "long-1", "--run-file", "attached.json", .. Durable(Azurite, hub)]);
        Assert.AreEqual(130, attach.ExitCode, attach + "\n--- worker ---\n" + worker.Output);
        using var runFile = project.ReadRunFile(project.PathOf("attached.json"));
        Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("cleaned", runFile.RootElement.GetProperty("contexts").GetProperty("fan").GetProperty("cleaned").GetString());

        // The worker said what it took.
        StringAssert.Contains(worker.Output, "took run long-1");
        StringAssert.Contains(worker.Output, "took long-1:fan/each/0");
    }

    [TestMethod]
    public async Task StorageLostMidRunEndsEveryClientWithExit3AndAFailedRunFileAndAWorkerStopsOnSigterm()
    {
        var project = await BuildAsync("durable_ops_lost");
        var hub = NewHub();
        var azurite = await AzuriteServer.StartAsync();
        await using var worker = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(azurite, hub)]);
        await worker.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await using var hosting = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--run-file", "hosting.json", "-i", "nap=300", .. Durable(azurite, hub)]);
        await using var remote = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", "--run-file", "remote.json", "-i", "nap=300", .. Durable(azurite, hub)]);
        await hosting.WaitForOutputAsync("started", TimeSpan.FromSeconds(60));
        await remote.WaitForOutputAsync("started", TimeSpan.FromSeconds(60));

        await azurite.DisposeAsync();

        // Within the store's bound (30 s of failures, each call at most 10 s) and the stop's; the limit here only keeps a hang from blocking the suite.
        Assert.AreEqual(3, await hosting.WaitForExitAsync(TimeSpan.FromMinutes(2)), hosting.Output);
        Assert.AreEqual(3, await remote.WaitForExitAsync(TimeSpan.FromMinutes(2)), remote.Output);
        foreach (var (client, file) in new[] { (hosting, "hosting.json"), (remote, "remote.json") })
        {
            StringAssert.Contains(client.Output, "lost the durable task store");
            StringAssert.Contains(client.Output, "LLMC_DURABLETASK_CONNECTION");
            Assert.IsFalse(client.Output.Contains("AccountKey", StringComparison.Ordinal), client.Output);
            Assert.IsFalse(client.Output.Contains("   at ", StringComparison.Ordinal), "no stack trace:\n" + client.Output);
            using var runFile = project.ReadRunFile(project.PathOf(file));
            Assert.AreEqual("failed", runFile.RootElement.GetProperty("status").GetString(), client.Output);
        }

        StringAssert.Contains(worker.Output, "lost the store");
        worker.Terminate();
        Assert.AreEqual(3, await worker.WaitForExitAsync(TimeSpan.FromMinutes(2)), worker.Output);
        Assert.IsFalse(worker.Output.Contains("Unhandled exception", StringComparison.Ordinal), worker.Output);
    }

    [TestMethod]
    public async Task AWorkerLogsLosingAndRegainingTheStoreAndRunsARunStartedAfterwards()
    {
        var project = await BuildAsync("durable_ops_regain");
        var hub = NewHub();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var worker = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(azurite, hub)]);
        await worker.WaitForOutputAsync(" took partition ", TimeSpan.FromSeconds(60));

        // Storage that hangs (frozen, its data kept), then answers again: one line for each, and the worker works on.
        azurite.Pause();
        try
        {
            await worker.WaitForOutputAsync("lost the store", TimeSpan.FromMinutes(2));
        }
        finally
        {
            azurite.Resume();
        }

        await worker.WaitForOutputAsync("regained the store after ", TimeSpan.FromMinutes(2));
        var run = await project.RunBuiltAsync(["--no-worker", "--run-file", "after.json", "-i", "nap=0", .. Durable(azurite, hub)]);

        Assert.AreEqual(0, run.ExitCode, run + "\n--- worker ---\n" + worker.Output);
        StringAssert.Contains(worker.Output, "waiting for it");
        Assert.IsFalse(worker.Output.Contains("AccountKey", StringComparison.Ordinal), worker.Output);
    }

    [GeneratedRegex(@"^nightly-1\s+running\s+started ", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    [GeneratedRegex(@"\[fan\] each: \d/8 items")]
    private static partial Regex ItemsLine();

    [GeneratedRegex(@"\[fan\] slow: ok \(1\.\d s on ")]
    private static partial Regex SlowLine();
}
