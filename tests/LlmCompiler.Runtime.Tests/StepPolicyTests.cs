using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Processes;
using LlmCompiler.Runtime.Processes.Posix;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;

namespace LlmCompiler.Runtime.Tests;

/// <summary>timeout, retry, continue_on_error and the status functions, run through the real runner and sh.</summary>
[TestClass]
public sealed class StepPolicyTests
{
    private static readonly WorkflowRunOptions Quiet = new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    [TestMethod]
    public async Task TimeoutKillsTheCommandAndFailsTheStep()
    {
        var marker = Path.Combine(Path.GetTempPath(), "llmc-timeout-" + Guid.NewGuid().ToString("N"));
        var step = new ShellStep("slow", $"sleep 2; touch {marker}") { Timeout = TimeSpan.FromMilliseconds(300) };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet);
        var slow = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, slow.Status);
        StringAssert.Contains(slow.Error, "timed out after 0.3 s (timeout)");
        Assert.AreEqual(RunStatus.Failed, result.Status);
        await Task.Delay(2200);
        Assert.IsFalse(File.Exists(marker), "the timed-out command must be killed");
    }

    [TestMethod]
    public async Task RetryRunsAgainUntilTheCommandSucceeds()
    {
        var counter = Path.Combine(Path.GetTempPath(), "llmc-retry-" + Guid.NewGuid().ToString("N"));
        // Fails on the first two attempts, succeeds on the third.
        var step = new ShellStep("flaky", $"echo x >> {counter}; n=$(wc -l < {counter}); [ $n -ge 3 ] && echo ok$n")
        {
            Output = "out",
            MaxAttempts = 3,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
        };
        var log = new StringWriter();
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = log, Output = TextWriter.Null });
        File.Delete(counter);
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        Assert.AreEqual("ok3", result.Workflows[0].Variables["out"]);
        StringAssert.Contains(log.ToString(), "flaky: attempt 1 of 3 failed");
        StringAssert.Contains(log.ToString(), "flaky: attempt 2 of 3 failed");
    }

    [TestMethod]
    public async Task RetryGivesUpAfterMaxAttemptsWithTheLastError()
    {
        var step = new ShellStep("broken", "echo nope >&2; exit 4") { MaxAttempts = 2 };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet);
        var broken = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, broken.Status);
        Assert.AreEqual(4, broken.ExitCode);
        Assert.AreEqual("command exited with code 4: nope (gave up after 2 attempts)", broken.Error);
    }

    [TestMethod]
    public void BackoffDoublesAndIsCapped()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(1), AttemptRules.Backoff(TimeSpan.FromSeconds(1), 1));
        Assert.AreEqual(TimeSpan.FromSeconds(4), AttemptRules.Backoff(TimeSpan.FromSeconds(1), 3));
        Assert.AreEqual(TimeSpan.FromHours(1), AttemptRules.Backoff(TimeSpan.FromSeconds(1), 99));
    }

    [TestMethod]
    public async Task ContinueOnErrorRecordsTheFailureButTheWorkflowGoesOnAndSucceeds()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("optional", "exit 3") { ContinueOnError = true, Output = "never" },
            new ShellStep("next", "echo went on") { Output = "next" },
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], Quiet);
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        var optional = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, optional.Status);
        Assert.IsTrue(optional.ContinuedOnError);
        Assert.AreEqual("went on", result.Workflows[0].Variables["next"]);
        Assert.IsFalse(result.Workflows[0].Variables.ContainsKey("never"));
    }

    [TestMethod]
    public async Task AfterAFailureOnlyStepsThatCheckTheStatusAreConsidered()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("ok", "echo fine") { Output = "ok", Condition = v => Conditions.Success(v), ChecksStatus = true },
            new ShellStep("on-failure-early", "echo early") { Output = "early", Condition = v => Conditions.Failure(v), ChecksStatus = true },
            new ShellStep("boom", "exit 1"),
            new ShellStep("plain", "echo plain") { Output = "plain" },
            new ShellStep("success-only", "echo s") { Output = "s", Condition = v => Conditions.Success(v), ChecksStatus = true },
            new ShellStep("on-failure", "echo handled") { Output = "handled", Condition = v => Conditions.Failure(v), ChecksStatus = true },
            new ShellStep("cleanup", "echo cleaned") { Output = "cleaned", Condition = _ => true, ChecksStatus = true },
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], Quiet);
        var steps = result.Workflows[0].Steps.Select(s => s.Status).ToList();
        CollectionAssert.AreEqual(
            new[] { StepStatus.Succeeded, StepStatus.Skipped, StepStatus.Failed, StepStatus.NotRun, StepStatus.Skipped, StepStatus.Succeeded, StepStatus.Succeeded },
            steps);
        Assert.AreEqual(RunStatus.Failed, result.Status, "a cleanup step that succeeds does not make the workflow succeed");
        Assert.AreEqual("handled", result.Workflows[0].Variables["handled"]);
        Assert.AreEqual("cleaned", result.Workflows[0].Variables["cleaned"]);
    }

    [TestMethod]
    public async Task WorkingDirectoryAndBashAreUsed()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-wd-").FullName;
        var workflow = new Workflow("w",
        [
            new ShellStep("where", "pwd") { Output = "where", WorkingDirectory = _ => directory },
            new ShellStep("bash", "printf '%s' $'a\\tb' \"$BASH_VERSION\" | head -c 3") { Output = "bash", Shell = "bash" },
            new ShellStep("missing", "pwd") { WorkingDirectory = _ => Path.Combine(directory, "nope") },
        ]);
        var result = await WorkflowRunner.RunAsync([workflow], Quiet);
        Assert.AreEqual(Path.GetFullPath(directory), Path.GetFullPath(result.Workflows[0].Variables["where"]));
        Assert.AreEqual("a\tb", result.Workflows[0].Variables["bash"]);
        StringAssert.Contains(result.Workflows[0].Steps[2].Error, "working_directory");
        Directory.Delete(directory);
    }
}
