using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Tests.StepCore;

/// <summary>The foreach rules both engines schedule over (<see cref="ForeachState"/>), driven by hand as either engine would.</summary>
[TestClass]
public sealed class ForeachStateTests
{
    private static readonly WorkflowVariables Variables = new();

    [TestMethod]
    public void TheFirstFailureStopsAFailFastStepAndItsItemsInFlightBecomeCancelled()
    {
        var state = new ForeachState(Step(), ["a", "b", "c", "d"]);
        var first = state.TakeNext(Variables)!;
        var second = state.TakeNext(Variables)!;

        Assert.IsTrue(state.Finish(Failed(first.Index, "boom")), "the first failure stops a fail-fast step");
        CollectionAssert.AreEqual(new[] { second.Index }, state.Running.ToArray());
        Assert.IsNull(state.TakeNext(Variables), "no item starts after the stop");

        var (execution, items) = state.Outcome(cancelled: false, captures: true);
        Assert.AreEqual(StepStatus.Failed, execution.Status);
        Assert.AreEqual("item 0 failed: boom", execution.Error);
        CollectionAssert.AreEqual(
            new[] { StepStatus.Failed, StepStatus.Cancelled, StepStatus.NotRun, StepStatus.NotRun },
            items.Select(i => i.Status).ToArray());
        Assert.IsNull(execution.Output, "a failed step has no array");
    }

    [TestMethod]
    public void AnItemThatEndsAfterTheStopKeepsItsCancelledRecord()
    {
        var state = new ForeachState(Step(), ["a", "b"]);
        var first = state.TakeNext(Variables)!;
        var second = state.TakeNext(Variables)!;
        state.Finish(Failed(first.Index, "boom"));
        state.CancelRunning();

        Assert.IsFalse(state.Finish(Succeeded(second.Index, "late")));
        Assert.AreEqual(StepStatus.Cancelled, state.Outcome(cancelled: false, captures: true).Items[1].Status);
    }

    [TestMethod]
    public void ContinueOnErrorRunsEveryItemAndSucceedsWithNullForTheFailedOne()
    {
        var state = new ForeachState(Step(continueOnError: true), ["a", "b", "c"]);
        while (state.TakeNext(Variables) is { } item)
        {
            Assert.IsFalse(state.Finish(item.Index == 1 ? Failed(1, "bad") : Succeeded(item.Index, item.Value)));
        }

        var (execution, items) = state.Outcome(cancelled: false, captures: true);
        Assert.AreEqual(StepStatus.Succeeded, execution.Status);
        Assert.AreEqual("""["a",null,"c"]""", execution.Output);
        Assert.AreEqual(StepStatus.Failed, items[1].Status);
    }

    [TestMethod]
    public void AnItemWhoseConditionIsFalseIsRecordedSkippedAndNeverTaken()
    {
        var step = new ShellStep("each", "true") { Foreach = ForeachSource.List("keep", "drop"), Condition = s => s["item"] == "keep", ConditionPerItem = true };
        var state = new ForeachState(step, ["keep", "drop", "keep"]);
        var passedOver = new List<ItemResult>();

        var taken = new List<int>();
        while (state.TakeNext(Variables, passedOver.Add) is { } item)
        {
            taken.Add(item.Index);
            state.Finish(Succeeded(item.Index, "ok"));
        }

        CollectionAssert.AreEqual(new[] { 0, 2 }, taken);
        Assert.AreEqual(1, passedOver.Single().Index);
        Assert.AreEqual(StepStatus.Skipped, state.Outcome(false, true).Items[1].Status);
        Assert.AreEqual((3, 0), state.Progress);
    }

    [TestMethod]
    public void ItemsThatSucceededInTheResumedRunAreRestoredNotRun()
    {
        var recorded = new[] { Succeeded(0, "old"), Failed(1, "bad") };
        var state = new ForeachState(Step(), ["a", "b"], recorded);

        var item = state.TakeNext(Variables)!;
        Assert.AreEqual(1, item.Index, "only the failed item runs again");
        state.Finish(Succeeded(1, "new"));

        var (execution, items) = state.Outcome(false, true);
        Assert.IsTrue(items[0].Resumed);
        Assert.AreEqual("""["old","new"]""", execution.Output);
    }

    [TestMethod]
    public void ACancelledStepKeepsTheItemsThatFinished()
    {
        var state = new ForeachState(Step(), ["a", "b", "c"]);
        var first = state.TakeNext(Variables)!;
        state.TakeNext(Variables);
        state.Finish(Succeeded(first.Index, "done"));

        var (execution, items) = state.Outcome(cancelled: true, captures: true);
        Assert.AreEqual(StepStatus.Cancelled, execution.Status);
        Assert.AreEqual("cancelled", execution.Error);
        CollectionAssert.AreEqual(
            new[] { StepStatus.Succeeded, StepStatus.Cancelled, StepStatus.NotRun },
            items.Select(i => i.Status).ToArray());
    }

    [TestMethod]
    public void TokensAreSummedAndACommonReplySourceIsKept()
    {
        var state = new ForeachState(Step(), ["a", "b"]);
        while (state.TakeNext(Variables) is { } item)
        {
            state.Finish(Succeeded(item.Index, "x") with { InputTokens = 3, OutputTokens = 4, Reply = "replayed" });
        }

        var (execution, _) = state.Outcome(false, captures: false);
        Assert.AreEqual(6, execution.InputTokens);
        Assert.AreEqual(8, execution.OutputTokens);
        Assert.AreEqual("replayed", execution.Reply);
        Assert.IsNull(execution.Output, "text nobody captures leaves no array");
    }

    private static ShellStep Step(bool continueOnError = false) =>
        new("each", "true") { Foreach = ForeachSource.List("a"), ContinueOnError = continueOnError };

    private static ItemResult Failed(int index, string error) => new() { Index = index, Status = StepStatus.Failed, Error = error };

    private static ItemResult Succeeded(int index, string output) => new() { Index = index, Status = StepStatus.Succeeded, Output = output };
}
