using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Tests.StepCore;

/// <summary>Retry and timeout as both engines word and time them (<see cref="AttemptRules"/>).</summary>
[TestClass]
public sealed class AttemptRulesTests
{
    [TestMethod]
    public void ALastFailureNotesTheAttemptsOnlyWhenThereWereSeveral()
    {
        Assert.AreEqual("boom", AttemptRules.GaveUp(new ShellStep("s", "true"), "boom"));
        Assert.AreEqual("boom (gave up after 3 attempts)", AttemptRules.GaveUp(new ShellStep("s", "true") { MaxAttempts = 3 }, "boom"));
    }

    [TestMethod]
    public void ThePauseDoublesFromTheFloorAndStopsAtAnHour()
    {
        var step = new ShellStep("s", "true") { MaxAttempts = 50, RetryBackoff = TimeSpan.FromSeconds(0.5) };

        Assert.AreEqual(TimeSpan.FromSeconds(0.5), AttemptRules.Pause(step, 1));
        Assert.AreEqual(TimeSpan.FromSeconds(2), AttemptRules.Pause(step, 1, floor: TimeSpan.FromSeconds(2)), "the durable timers' floor");
        Assert.AreEqual(TimeSpan.FromSeconds(8), AttemptRules.Pause(step, 3, floor: TimeSpan.FromSeconds(2)));
        Assert.AreEqual(TimeSpan.FromHours(1), AttemptRules.Pause(step, 40, floor: TimeSpan.FromSeconds(2)), "the cap holds under either engine");
    }

    [TestMethod]
    public void AStepRetriesUntilItsLastAttempt()
    {
        var step = new ShellStep("s", "true") { MaxAttempts = 2 };

        Assert.IsTrue(AttemptRules.Retries(step, 1));
        Assert.IsFalse(AttemptRules.Retries(step, 2));
        Assert.IsFalse(AttemptRules.Retries(new ShellStep("s", "true") { MaxAttempts = 0 }, 1), "at least one attempt, never a retry from nothing");
    }

    [TestMethod]
    public void ATimeoutSaysHowLongItAllowed() =>
        Assert.AreEqual("timed out after 1.5 s (timeout)", AttemptRules.TimedOut(new ShellStep("s", "true") { Timeout = TimeSpan.FromSeconds(1.5) }));
}
