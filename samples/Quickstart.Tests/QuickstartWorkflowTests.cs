using LlmCompiler.Runtime;
using LlmCompiler.Testing;

namespace Quickstart.Tests;

/// <summary>The quickstart's workflows, run in-process: the model step gets a canned reply, shell steps run for real.</summary>
[TestClass]
public sealed class QuickstartWorkflowTests
{
    [TestMethod]
    public async Task TheProducerSummarizesItsResultWithTheModel()
    {
        var run = await WorkflowTest.For(LlmCompilerWorkflows.All)
            .Reply("producer.summarize", "The producer is ready.")
            .RunAsync();

        run.AssertSucceeded()
           .AssertOutput("producer.summarize", "The producer is ready.")
           .AssertModelCalls("producer.summarize", 1);
        StringAssert.Contains(run.CallsOf("producer.summarize")[0].Prompt, "Producer says: Hello from Producer | Status: ready");
    }

    [TestMethod]
    public async Task TheConsumerReceivesWhatTheProducerSaid()
    {
        var run = await WorkflowTest.For(LlmCompilerWorkflows.All)
            .ReplyWhen(prompt => prompt.StartsWith("Summarize", StringComparison.Ordinal), "summary")
            .RunAsync();

        run.AssertSucceeded()
           .AssertOutput("consumer.process_data", "Processed: Consumer received: Producer says: Hello from Producer | Status: ready");
    }

    [TestMethod]
    public async Task ProductionModeRunsOnlyTheProductionBranch()
    {
        var run = await WorkflowTest.For(ConditionalWorkflow.Definition).RunAsync();

        run.AssertSucceeded()
           .AssertStatus("production_action", StepStatus.Succeeded)
           .AssertStatus("debug_action", StepStatus.Skipped)
           .AssertOutput("summary", "Mode=production Action=Running in PRODUCTION mode");
        Assert.AreEqual(0, run.ModelCalls.Count);
    }

    [TestMethod]
    public async Task DebugModeRunsTheDebugBranchWhenTheModeCommandIsReplaced()
    {
        var run = await WorkflowTest.For(ConditionalWorkflow.Definition)
            .ReplaceCommand("set_mode", "echo debug")
            .RunAsync();

        run.AssertSucceeded()
           .AssertStatus("production_action", StepStatus.Skipped)
           .AssertOutput("debug_action", "Running in DEBUG mode")
           .AssertStatus("summary", StepStatus.Skipped);
    }

    [TestMethod]
    public async Task TheRecordedRunReplaysWithoutAModel()
    {
        var run = await WorkflowTest.For(LlmCompilerWorkflows.All)
            .ReplayFrom(Path.Combine(AppContext.BaseDirectory, "recordings"))
            .RunAsync();

        run.AssertSucceeded();
        Assert.AreEqual("replayed", run.Step("producer.summarize").Reply);
        Assert.IsFalse(string.IsNullOrEmpty(run.Variable("producer", "producer_summary")));
    }
}
