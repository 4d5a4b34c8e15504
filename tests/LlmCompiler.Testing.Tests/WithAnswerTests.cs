using LlmCompiler.Runtime;

namespace LlmCompiler.Testing.Tests;

/// <summary>WithAnswer scripts a person's answers to input steps; the run records them via test.</summary>
[TestClass]
public sealed class WithAnswerTests
{
    private static Workflow Release() => new("release",
    [
        new InputStep("approve", _ => "Ship?") { Options = ["approve", "reject"], Output = "decision" },
        new ShellStep("ship", "echo shipped") { Condition = v => v["decision"] == "approve", Output = "shipped" },
    ]);

    [TestMethod]
    public async Task AScriptedApprovalLetsTheGuardedStepRun()
    {
        var run = await WorkflowTest.For(Release()).WithAnswer("release.approve", "approve").RunAsync();

        run.AssertSucceeded().AssertOutput("approve", "approve").AssertOutput("ship", "shipped");
        Assert.AreEqual(AnswerRecord.Test, run.Step("approve").Answer!.Via);
    }

    [TestMethod]
    public async Task AScriptedRejectionSkipsTheGuardedStep()
    {
        var run = await WorkflowTest.For(Release()).WithAnswer("release.approve", "reject").RunAsync();

        run.AssertSucceeded().AssertStatus("ship", StepStatus.Skipped);
    }

    [TestMethod]
    public async Task AnAnswerForAStepThatIsNoInputStepIsRefusedBeforeTheRun()
    {
        var error = await Assert.ThrowsExactlyAsync<ArgumentException>(() => WorkflowTest.For(Release()).WithAnswer("release.ship", "approve").RunAsync());

        StringAssert.Contains(error.Message, "WithAnswer(\"release.ship\"): a shell step, not an input step; the input steps are release.approve");
    }
}
