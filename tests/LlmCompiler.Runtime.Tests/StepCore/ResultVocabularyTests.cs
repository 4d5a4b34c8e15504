using System.Reflection;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;

namespace LlmCompiler.Runtime.Tests.StepCore;

/// <summary>
/// One result vocabulary (issue 24): what a runner reports reaches the step's and the item's record and the run file,
/// and comes back through the reader, for every field of <see cref="ExecutionResult"/> — so a field added there
/// without its run-file row fails here.
/// </summary>
[TestClass]
public sealed class ResultVocabularyTests
{
    [TestMethod]
    public void EverySharedFieldOfAStepAndAnItemSurvivesTheRunFile()
    {
        var execution = Sample();
        var item = StepRecords.Item(0, execution);
        var step = StepRecords.Step(new ShellStep("s", "true") { Foreach = ForeachSource.List("a") }, execution) with { Items = [item] };
        var run = new RunResult
        {
            Status = RunStatus.Succeeded,
            StartedAt = DateTimeOffset.UnixEpoch,
            Workflows = [new WorkflowResult { Name = "w", Status = RunStatus.Succeeded, Variables = new Dictionary<string, string>(), Steps = [step] }],
        };

        var read = RunFileReader.Parse(RunFile.ToJson(run, "p")).Workflows[0].Steps[0];

        foreach (var property in typeof(ExecutionResult).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            AssertSame(property, execution, read, "step");
            AssertSame(property, execution, read.Items![0], "item");
        }
    }

    [TestMethod]
    public void ARunnersRecordBecomesTheStepsRecordWithoutAFieldCopiedByHand()
    {
        var outcome = new StepOutcome("text") { ExitCode = 3, InputTokens = 1, OutputTokens = 2, Reply = "cached", Metrics = new Dictionary<string, double> { ["load_ms"] = 5 } };

        var record = StepRecords.Step(new LlmStep("s", _ => "p"), StepRecords.Close(StepRecords.Succeeded(outcome, captured: true), DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), attempts: 1));

        Assert.AreEqual("text", record.Output);
        Assert.AreEqual(3, record.ExitCode);
        Assert.AreEqual("cached", record.Reply);
        Assert.AreEqual(5, record.Metrics!["load_ms"]);
        Assert.AreEqual(1, record.Attempts);
    }

    [TestMethod]
    public void AStreamedOrUncapturedOutputIsNotRecorded()
    {
        Assert.IsNull(StepRecords.Succeeded(new StepOutcome("x") { Streamed = true }, captured: true).Output);
        Assert.IsNull(StepRecords.Succeeded(new StepOutcome("x"), captured: false).Output);
    }

    [TestMethod]
    public void AttemptsAreCountedOnlyForAnExecutionThatRanToAnEnd()
    {
        Assert.IsNull(StepRecords.Close(StepRecords.Cancelled, DateTimeOffset.UnixEpoch, TimeSpan.Zero, attempts: 2).Attempts);
        Assert.AreEqual(2, StepRecords.Close(new StepOutcome { Status = StepStatus.Failed }, DateTimeOffset.UnixEpoch, TimeSpan.Zero, attempts: 2).Attempts);
    }

    [TestMethod]
    public void AWorkersOwnClockIsKept()
    {
        var worker = new StepOutcome("x") { StartedAt = DateTimeOffset.UnixEpoch.AddDays(1), Duration = TimeSpan.FromSeconds(7) };

        var closed = StepRecords.Close(worker, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(9), attempts: 1);

        Assert.AreEqual(worker.StartedAt, closed.StartedAt);
        Assert.AreEqual(TimeSpan.FromSeconds(7), closed.Duration);
    }

    [TestMethod]
    public void AFailedCallKeepsItsRunAfterTheRetriesGaveUp()
    {
        // Bug: the retry's last failure wrapped the call's failure, and the called run's record was lost from the run file.
        var called = new WorkflowResult { Name = "callee", Status = RunStatus.Failed, Variables = new Dictionary<string, string>(), Steps = [] };
        var callFailure = Assert.ThrowsExactly<StepFailedException>(() => WorkflowCallRunner.Outcome(new Workflow("callee", []), called));
        var gaveUp = new StepFailedException("gave up", null, callFailure);

        Assert.AreSame(called, StepRecords.Failure(gaveUp).Call);
    }

    private static StepOutcome Sample() => new("out")
    {
        Status = StepStatus.Succeeded,
        Error = "err",
        StartedAt = DateTimeOffset.UnixEpoch.AddHours(1),
        Duration = TimeSpan.FromMilliseconds(1234.5),
        Attempts = 2,
        Resumed = true,
        Worker = "w1",
        ExitCode = 4,
        InputTokens = 10,
        OutputTokens = 20,
        Metrics = new Dictionary<string, double> { ["load_ms"] = 1.5 },
        Reply = "replayed",
        Call = new WorkflowResult { Name = "callee", Status = RunStatus.Succeeded, Variables = new Dictionary<string, string>(), Steps = [] },
    };

    private static void AssertSame(PropertyInfo property, ExecutionResult expected, ExecutionResult actual, string where)
    {
        var want = property.GetValue(expected);
        var got = property.GetValue(actual);
        switch (want)
        {
            case IReadOnlyDictionary<string, double> metrics:
                CollectionAssert.AreEquivalent(metrics.ToList(), ((IReadOnlyDictionary<string, double>)got!).ToList(), $"{where}.{property.Name}");
                break;
            case WorkflowResult call:
                Assert.AreEqual(call.Name, ((WorkflowResult)got!).Name, $"{where}.{property.Name}");
                break;
            default:
                Assert.AreEqual(want, got, $"{where}.{property.Name} did not survive the run file");
                break;
        }
    }
}
