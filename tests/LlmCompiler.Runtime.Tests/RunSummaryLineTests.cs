using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Processes;
using LlmCompiler.Runtime.Processes.Posix;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;


namespace LlmCompiler.Runtime.Tests;

/// <summary>The last console line of a run (<see cref="RunSummaryLine"/>), which both engines print through <see cref="RunReporter"/>.</summary>
[TestClass]
public sealed class RunSummaryLineTests
{
    private static WorkflowResult Workflow(string name, RunStatus status, params StepResult[] steps) =>
        new() { Name = name, Status = status, Variables = new Dictionary<string, string>(), Steps = steps };

    private static RunResult Run(RunStatus status, params WorkflowResult[] workflows) =>
        new() { Status = status, Duration = TimeSpan.FromMilliseconds(425), Workflows = workflows };

    private static StepResult Ok(string name) => new() { Name = name, Kind = "shell", Status = StepStatus.Succeeded };

    private static StepResult ForeachWithFailedItems(string name, int failed, int total) =>
        Ok(name) with
        {
            Items = Enumerable.Range(0, total)
                .Select(i => new ItemResult { Index = i, Status = i < failed ? StepStatus.Failed : StepStatus.Succeeded })
                .ToList(),
        };

    [TestMethod]
    public void TheSummaryCountsFailedAndSucceededWorkflowsApart()
    {
        var run = Run(RunStatus.Failed,
            Workflow("a", RunStatus.Failed), Workflow("b", RunStatus.Failed), Workflow("c", RunStatus.Failed),
            Workflow("d", RunStatus.Failed), Workflow("e", RunStatus.Succeeded));
        Assert.AreEqual("4 of 5 workflows failed (a, b, c, d), 1 succeeded, in 425 ms", RunSummaryLine.Line(run));

        var oneOfTwo = Run(RunStatus.Failed, Workflow("main", RunStatus.Failed), Workflow("side", RunStatus.Succeeded));
        Assert.AreEqual("1 of 2 workflows failed (main), 1 succeeded, in 425 ms", RunSummaryLine.Line(oneOfTwo));
    }

    [TestMethod]
    public void TheSummaryCountsCancelledWorkflowsApartAndLeadsWithTheRunsOutcome()
    {
        var run = Run(RunStatus.Cancelled,
            Workflow("a", RunStatus.Cancelled), Workflow("b", RunStatus.Failed), Workflow("c", RunStatus.Succeeded));
        Assert.AreEqual("1 of 3 workflows cancelled (a), 1 failed (b), 1 succeeded, in 425 ms", RunSummaryLine.Line(run));
    }

    [TestMethod]
    public void WhenEveryWorkflowEndedAlikeTheSummaryGivesOneCountWithTheRightNumber()
    {
        Assert.AreEqual("1 workflow succeeded in 425 ms", RunSummaryLine.Line(Run(RunStatus.Succeeded, Workflow("w", RunStatus.Succeeded))));
        Assert.AreEqual("2 workflows succeeded in 425 ms", RunSummaryLine.Line(Run(RunStatus.Succeeded, Workflow("a", RunStatus.Succeeded), Workflow("b", RunStatus.Succeeded))));
        Assert.AreEqual("2 workflows failed (a, b) in 425 ms", RunSummaryLine.Line(Run(RunStatus.Failed, Workflow("a", RunStatus.Failed), Workflow("b", RunStatus.Failed))));
    }

    [TestMethod]
    public void ARunThatBrokeOffWhileNoWorkflowFailedSaysTheRunFailed()
    {
        var run = Run(RunStatus.Failed, Workflow("a", RunStatus.Succeeded)) with { Error = "the store went away" };
        Assert.AreEqual("the run failed in 425 ms; 1 workflow succeeded", RunSummaryLine.Line(run));
    }

    [TestMethod]
    public void ASucceededRunNamesTheFailuresContinueOnErrorLetPass()
    {
        var build = new StepResult { Name = "build", Kind = "shell", Status = StepStatus.Failed, ContinuedOnError = true, Error = "exit 1" };
        var run = Run(RunStatus.Succeeded, Workflow("w", RunStatus.Succeeded, ForeachWithFailedItems("each", 3, 300), Ok("fine"), build));
        Assert.AreEqual(
            "1 workflow succeeded in 425 ms, with failures allowed by continue_on_error in: each (3 of 300 items), build",
            RunSummaryLine.Line(run));
    }

    [TestMethod]
    public void AllowedFailuresAreNamedWithTheirWorkflowWhenSeveralRanOrTheyRanInACalledOne()
    {
        var inner = Workflow("helper", RunStatus.Succeeded, ForeachWithFailedItems("tag", 1, 2));
        var run = Run(RunStatus.Succeeded,
            Workflow("main", RunStatus.Succeeded, Ok("call") with { Call = inner }),
            Workflow("side", RunStatus.Succeeded, ForeachWithFailedItems("each", 300, 300)));
        CollectionAssert.AreEqual(new[] { "helper/tag (1 of 2 items)", "side/each (300 of 300 items)" }, RunSummaryLine.AllowedFailures(run).ToArray());
    }
}
