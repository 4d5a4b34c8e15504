using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.Tests;

[TestClass]
public sealed class WorkflowRunnerTests
{
    private static readonly WorkflowRunOptions Quiet = new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    private static ShellStep Shell(string name, string command, string? output = null) => new(name, command) { Output = output };

    [TestMethod]
    public async Task AStepsStderrLinesArePrefixedWithItsWorkflowAndStepButItsErrorQuotesThemAsWritten()
    {
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([new Workflow("wf", [Shell("boom", "echo oops >&2; exit 3")])], new WorkflowRunOptions { Quiet = true, Log = log, Output = TextWriter.Null });
        var lines = log.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("[wf] boom: oops", lines[0]);
        Assert.AreEqual("command exited with code 3: oops", result.Workflows[0].Steps[0].Error);
        Assert.AreEqual("[wf] boom: FAILED: command exited with code 3: oops", lines[1]);
    }

    [TestMethod]
    public async Task ShellOutputLosesTrailingNewlinesOnlyAndBecomesTheVariable()
    {
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [Shell("a", "printf '  x\\n\\ny\\n\\n'", "out")])], Quiet);
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual("  x\n\ny", result.Workflows[0].Variables["out"]);
    }

    [TestMethod]
    public async Task AFailedStepStopsItsWorkflowButNotTheOthers()
    {
        var failing = new Workflow("failing", [Shell("boom", "echo oops >&2; exit 3"), Shell("after", "echo never", "after")]);
        var healthy = new Workflow("healthy", [Shell("sleep", "sleep 0.2"), Shell("done", "echo done", "done")]);
        var result = await WorkflowRunner.RunAsync([failing, healthy], Quiet);

        Assert.AreEqual(RunStatus.Failed, result.Status);
        Assert.AreEqual(1, result.ExitCode);
        var boom = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, boom.Status);
        Assert.AreEqual(3, boom.ExitCode);
        StringAssert.Contains(boom.Error, "exited with code 3: oops");
        Assert.AreEqual(StepStatus.NotRun, result.Workflows[0].Steps[1].Status);
        Assert.AreEqual(RunStatus.Succeeded, result.Workflows[1].Status);
        Assert.AreEqual("done", result.Workflows[1].Variables["done"]);
    }

    [TestMethod]
    public async Task WaitForReceivesTheProducersOutputUnderItsKey()
    {
        var producer = new Workflow("producer", [Shell("slow", "sleep 0.1; echo value")]);
        var consumer = new Workflow("consumer", [new ShellStep("use", "echo \"got $V\"")
        {
            WaitFor = "producer.slow",
            Output = "got",
            Environment = v => [new("V", v["producer.slow"])],
        }]);
        var result = await WorkflowRunner.RunAsync([consumer, producer], Quiet);
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual("value", result.Workflows[0].Variables["producer.slow"]);
        Assert.AreEqual("got value", result.Workflows[0].Variables["got"]);
    }

    [TestMethod]
    public async Task WaitingOnAFailedStepFailsAtOnceWithTheProducersError()
    {
        var producer = new Workflow("producer", [Shell("make", "echo broken >&2; exit 2")]);
        var consumer = new Workflow("consumer", [new ShellStep("use", "true") { WaitFor = "producer.make" }]);
        var result = await WorkflowRunner.RunAsync([consumer, producer], Quiet);
        var use = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, use.Status);
        StringAssert.Contains(use.Error, "wait_for 'producer.make' failed");
        StringAssert.Contains(use.Error, "broken");
    }

    [TestMethod]
    public async Task WaitingOnASkippedOrNeverRunStepFails()
    {
        var producer = new Workflow("producer",
        [
            new ShellStep("skipped", "echo x") { Condition = _ => false },
            Shell("fails", "exit 1"),
            Shell("never", "echo never"),
        ]);
        var consumer = new Workflow("consumer",
        [
            new ShellStep("a", "true") { WaitFor = "producer.skipped" },
        ]);
        var other = new Workflow("other", [new ShellStep("b", "true") { WaitFor = "producer.never" }]);
        var result = await WorkflowRunner.RunAsync([producer, consumer, other], Quiet);
        StringAssert.Contains(result.Workflows[1].Steps[0].Error, "was skipped");
        StringAssert.Contains(result.Workflows[2].Steps[0].Error, "stopped when step 'fails' failed");
    }

    [TestMethod]
    public async Task WaitTimeoutFailsTheStepNotTheProcess()
    {
        var producer = new Workflow("producer", [Shell("slow", "sleep 5")]);
        var consumer = new Workflow("consumer", [new ShellStep("use", "true") { WaitFor = "producer.slow", WaitTimeout = TimeSpan.FromMilliseconds(200) }]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var result = await WorkflowRunner.RunAsync([consumer, producer], Quiet, cancellation.Token);
        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "timed out after 0.2 s");
        Assert.AreEqual(RunStatus.Failed, result.Workflows[0].Status);
    }

    [TestMethod]
    public async Task CancellationKillsTheProcessTreeAndIsRecorded()
    {
        var marker = Path.Combine(Path.GetTempPath(), "llmc-cancel-" + Guid.NewGuid().ToString("N"));
        var workflow = new Workflow("w", [Shell("long", $"sh -c 'sleep 2; touch {marker}' & wait")]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = await WorkflowRunner.RunAsync([workflow], Quiet, cancellation.Token);
        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        Assert.AreEqual(130, result.ExitCode);
        Assert.AreEqual(StepStatus.Cancelled, result.Workflows[0].Steps[0].Status);
        // Had the runner waited for the process instead of killing its tree, the marker would be there by now.
        await Task.Delay(2500);
        Assert.IsFalse(File.Exists(marker), "the grandchild process survived cancellation");
    }

    [TestMethod]
    public async Task StepsStartWithDefaultSignalsNothingBlockedAndStdinAtEndOfFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Reads /proc.");
        }

        // The .NET runtime ignores SIGPIPE; a child that inherited that would never die of a closed pipe (yes | head).
        var workflow = new Workflow("w",
        [
            Shell("signals", "grep -E '^Sig(Ign|Blk):' /proc/$$/status | tr -d ' \\t'", "signals"),
            Shell("stdin", "cat; echo end", "stdin"),
            Shell("pipe", "yes | head -n 2", "pipe"),
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], Quiet);
        Assert.AreEqual(RunStatus.Succeeded, result.Status, string.Join("; ", result.Workflows[0].Steps.Select(s => s.Error)));
        var masks = result.Workflows[0].Variables["signals"].Split('\n').ToDictionary(l => l.Split(':')[0], l => Convert.ToUInt64(l.Split(':')[1], 16));
        Assert.AreEqual(0UL, masks["SigBlk"], "no signal may be blocked in a step");
        Assert.AreEqual(0UL, masks["SigIgn"] & 0x7FFFFFFFUL, "no standard signal (1-31, SIGPIPE among them) may be ignored in a step; 32 and 33 are glibc's own");
        Assert.AreEqual("end", result.Workflows[0].Variables["stdin"]);
        Assert.AreEqual("y\ny", result.Workflows[0].Variables["pipe"]);
    }

    [TestMethod]
    public async Task ASkippedStepLeavesItsOutputUnset()
    {
        var workflow = new Workflow("w",
        [
            Shell("flag", "echo no", "flag"),
            new ShellStep("only_yes", "echo ran") { Output = "result", Condition = v => Conditions.AreEqual(v["flag"], "yes") },
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], Quiet);
        Assert.AreEqual(StepStatus.Skipped, result.Workflows[0].Steps[1].Status);
        Assert.IsFalse(result.Workflows[0].Variables.ContainsKey("result"));
    }

    [TestMethod]
    public async Task AStepWithoutOutputPrintsItsStdout()
    {
        var output = new StringWriter();
        await WorkflowRunner.RunAsync([new Workflow("w", [Shell("say", "echo hello")])], new WorkflowRunOptions { Output = output, Log = TextWriter.Null });
        Assert.AreEqual("hello" + Environment.NewLine, output.ToString());
    }

    [TestMethod]
    [DoNotParallelize] // Other tests register an llm backend for a moment.
    public async Task ModelStepsWithoutABackendFailClearly()
    {
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, RemoteModels = null };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [new LlmStep("m", _ => "hi") { Model = "gpt" }])], options);
        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "no backend for llm steps");
        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "LlmCompiler.Runtime.OpenAI");
    }

    [TestMethod]
    public async Task DuplicateWorkflowNamesAreRejected() =>
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => WorkflowRunner.RunAsync([new Workflow("a", [Shell("x", "true")]), new Workflow("a", [Shell("y", "true")])], Quiet));
}
