using System.Text.Json;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Looping steps (<c>until</c>): order, what iterations read, failures, retry, timeouts, cancellation, the run file and <c>--resume</c>.</summary>
[TestClass]
public sealed class LoopTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmc-loop-" + Guid.NewGuid().ToString("N"));

    [TestInitialize]
    public void CreateDirectory() => Directory.CreateDirectory(_directory);

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string Log => Path.Combine(_directory, "log");

    private string Flag => Path.Combine(_directory, "flag");

    private string[] Runs() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    private static WorkflowRunOptions Quiet(RunResult? resume = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, ResumeFrom = resume };

    /// <summary>A looping shell step that logs its iteration, sees it as ITER and the previous output as PREV, and runs <paramref name="command"/>.</summary>
    private ShellStep Loop(string command, Func<IWorkflowState, bool> until, int max, int attempts = 1, TimeSpan? timeout = null, TimeSpan? loopTimeout = null, string onLimit = "fail") =>
        new("loop", $"echo \"$ITER\" >> '{Log}'; {command}")
        {
            Output = "out",
            Environment = v => [new("ITER", v["loop.iteration"]), new("PREV", v["loop.previous"])],
            Until = until,
            MaxIterations = max,
            MaxAttempts = attempts,
            Timeout = timeout,
            LoopTimeout = loopTimeout,
            OnLimit = onLimit,
        };

    private static async Task<RunResult> Run(params WorkflowStep[] steps) => await WorkflowRunner.RunAsync([new Workflow("w", steps)], Quiet());

    [TestMethod]
    public async Task IterationsRunInOrderUntilTheConditionHoldsOnTheirOwnOutputAndTheStepKeepsTheLast()
    {
        var result = await Run(Loop("printf 'n%s' \"$ITER\"", v => v["out"] == "n3", max: 10), new ShellStep("after", "printf '%s' \"$X\"") { Output = "after", Environment = v => [new("X", v["out"])] });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, Runs());
        var step = result.Workflows[0].Steps[0];
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, step.Iterations!.Select(i => i.Index).ToArray());
        CollectionAssert.AreEqual(new[] { "n1", "n2", "n3" }, step.Iterations!.Select(i => i.Output).ToArray());
        Assert.AreEqual("n3", step.Output);
        Assert.AreEqual("n3", result.Workflows[0].Variables["after"]);
    }

    [TestMethod]
    public async Task LoopPreviousIsThePreviousIterationsOutputAndEmptyOnTheFirst()
    {
        var result = await Run(Loop("printf '%s+' \"$PREV\"", v => v["loop.iteration"] == "3", max: 5));

        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        CollectionAssert.AreEqual(new[] { "+", "++", "+++" }, result.Workflows[0].Steps[0].Iterations!.Select(i => i.Output).ToArray());
    }

    [TestMethod]
    public async Task AFailedIterationFailsTheStepNamingItAndNoMoreRun()
    {
        var result = await Run(Loop("[ \"$ITER\" != 2 ] || { echo broken >&2; exit 3; }; printf x", _ => false, max: 5));

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, step.Status);
        Assert.AreEqual("iteration 2 failed: command exited with code 3: broken", step.Error);
        CollectionAssert.AreEqual(new[] { StepStatus.Succeeded, StepStatus.Failed }, step.Iterations!.Select(i => i.Status).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "2" }, Runs());
    }

    [TestMethod]
    public async Task RetryAppliesToEachIteration()
    {
        // Each iteration's first attempt fails (a marker file per iteration), its second succeeds.
        var result = await Run(Loop($"m='{_directory}/tried-'\"$ITER\"; [ -e \"$m\" ] || {{ touch \"$m\"; exit 1; }}; printf ok", v => v["loop.iteration"] == "3", max: 3, attempts: 2));

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, record.Status, record.Error);
        CollectionAssert.AreEqual(new int?[] { 2, 2, 2 }, record.Iterations!.Select(i => i.Attempts).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "1", "2", "2", "3", "3" }, Runs());
    }

    [TestMethod]
    public async Task TimeoutBoundsEachIterationsAttempt()
    {
        var result = await Run(Loop("[ \"$ITER\" != 2 ] || sleep 60; printf x", _ => false, max: 3, timeout: TimeSpan.FromSeconds(5)));

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual("iteration 2 failed: timed out after 5 s (timeout)", record.Error);
        CollectionAssert.AreEqual(new[] { StepStatus.Succeeded, StepStatus.Failed }, record.Iterations!.Select(i => i.Status).ToArray());
    }

    [TestMethod]
    public async Task LoopTimeoutStopsTheIterationInFlightAndFailsTheStep()
    {
        var result = await Run(Loop("sleep 60", _ => false, max: 1000, loopTimeout: TimeSpan.FromSeconds(1)));

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, record.Status);
        Assert.AreEqual("timed out after 1 s in iteration 1 (loop_timeout)", record.Error);
        Assert.AreEqual(record.Error, record.Iterations!.Single().Error);
    }

    [TestMethod]
    public async Task AtTheLimitOnLimitFailFailsTheStepAndContinueKeepsTheLastOutput()
    {
        var failing = await Run(Loop("printf 'v%s' \"$ITER\"", _ => false, max: 2));
        var kept = await Run(Loop("printf 'v%s' \"$ITER\"", _ => false, max: 2, onLimit: "continue"));

        Assert.AreEqual(StepStatus.Failed, failing.Workflows[0].Steps[0].Status);
        Assert.AreEqual("'until' still false after 2 iterations (max_iterations: 2; on_limit: continue keeps the last output)", failing.Workflows[0].Steps[0].Error);
        Assert.AreEqual(2, failing.Workflows[0].Steps[0].Iterations!.Count);
        Assert.AreEqual(StepStatus.Succeeded, kept.Workflows[0].Steps[0].Status);
        Assert.AreEqual("v2", kept.Workflows[0].Variables["out"]);
    }

    [TestMethod]
    public async Task CancellationStopsTheIterationInFlightAndStartsNoMore()
    {
        using var cancellation = new CancellationTokenSource();
        var step = Loop($"[ \"$ITER\" = 1 ] || {{ touch '{Flag}'; sleep 60; }}; printf x", _ => false, max: 10);
        var run = WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet(), cancellation.Token);
        while (!File.Exists(Flag))
        {
            await Task.Delay(20);
        }

        await cancellation.CancelAsync();
        var result = await run;

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        Assert.AreEqual(StepStatus.Cancelled, record.Status);
        CollectionAssert.AreEqual(new[] { StepStatus.Succeeded, StepStatus.Cancelled }, record.Iterations!.Select(i => i.Status).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "2" }, Runs());
    }

    [TestMethod]
    public async Task TheRunFileListsEveryIterationWithItsOutputStatusAndDuration()
    {
        var result = await Run(Loop("printf 'n%s' \"$ITER\"", v => v["out"] == "n2", max: 4));
        var path = Path.Combine(_directory, "run.json");
        await RunFile.WriteAsync(path, result, "prog");

        using var file = JsonDocument.Parse(File.ReadAllText(path));
        var iterations = file.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps")[0].GetProperty("iterations");
        Assert.AreEqual(2, iterations.GetArrayLength());
        for (var i = 0; i < 2; i++)
        {
            Assert.AreEqual(i + 1, iterations[i].GetProperty("iteration").GetInt32());
            Assert.AreEqual("succeeded", iterations[i].GetProperty("status").GetString());
            Assert.AreEqual($"n{i + 1}", iterations[i].GetProperty("output").GetString());
            Assert.IsTrue(iterations[i].TryGetProperty("duration_ms", out _));
        }

        var read = await RunFile.ReadAsync(path);
        CollectionAssert.AreEqual(new[] { "n1", "n2" }, read.Workflows[0].Steps[0].Iterations!.Select(i => i.Output).ToArray());
    }

    [TestMethod]
    public async Task ResumeRestoresTheFinishedIterationsAndGoesOnFromTheNext()
    {
        Workflow Build() => new("w", [Loop($"{{ [ \"$ITER\" != 3 ] || test -e '{Flag}'; }} && printf '%s>%s' \"$PREV\" \"$ITER\"", v => v["loop.iteration"] == "4", max: 5)]) { DefinitionHash = "h" };

        var failed = await WorkflowRunner.RunAsync([Build()], Quiet());
        Assert.AreEqual(RunStatus.Failed, failed.Status);
        File.WriteAllText(Flag, string.Empty);
        var path = Path.Combine(_directory, "run.json");
        await RunFile.WriteAsync(path, failed, "prog");
        var resumed = await WorkflowRunner.RunAsync([Build()], Quiet(await RunFile.ReadAsync(path)));

        Assert.AreEqual(RunStatus.Succeeded, resumed.Status, resumed.Workflows[0].Steps[0].Error);
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "3", "4" }, Runs());
        var iterations = resumed.Workflows[0].Steps[0].Iterations!;
        CollectionAssert.AreEqual(new[] { true, true, false, false }, iterations.Select(i => i.Resumed).ToArray());
        Assert.AreEqual(">1>2>3>4", resumed.Workflows[0].Variables["out"]);
    }
}
