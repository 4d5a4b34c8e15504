using LlmCompiler.Testing;
using LLMC_APP_NAME;

namespace LlmcApp.Tests;

/// <summary>
/// The workflows of LLMC_APP_NAME, run in-process. Shell steps run for real; give model steps their answers with
/// <c>.Reply("workflow.step", "text")</c> or <c>.ReplyWhen(prompt => …, "text")</c>, or replay recordings with
/// <c>.ReplayFrom(directory)</c>; swap a command with <c>.ReplaceCommand("step", "echo …")</c>.
/// </summary>
[TestClass]
public sealed class HelloWorkflowTests
{
    [TestMethod]
    public async Task HelloGreetsAndSaysItAloud()
    {
        var run = await WorkflowTest.For(LlmCompilerWorkflows.All).RunAsync();

        run.AssertSucceeded()
           .AssertOutput("hello.greet", "Hello from LLMC_APP_NAME")
           .AssertOutput("hello.shout", "Hello from LLMC_APP_NAME!");
        StringAssert.Contains(run.Output, "Hello from LLMC_APP_NAME!", "what 'say' printed");
        Assert.AreEqual(0, run.ModelCalls.Count, "the hello workflow has no model step");
    }

    [TestMethod]
    public async Task SayIsSkippedWhenNothingWasShouted()
    {
        var run = await WorkflowTest.For(LlmCompilerWorkflows.All)
            .ReplaceCommand("hello.shout", "true")
            .RunAsync();

        run.AssertSucceeded()
           .AssertStatus("hello.say", LlmCompiler.Runtime.StepStatus.Skipped);
        Assert.AreEqual(string.Empty, run.Output, "nothing was printed");
    }
}
