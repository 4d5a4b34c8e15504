using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime.Tests.Recording;

/// <summary>--cache answers identical model requests from a cache on disk, through M.E.AI's DistributedCachingChatClient.</summary>
[TestClass]
public sealed class ResponseCacheTests
{
    private static Workflow Flow(string prompt = "Tell me about compilers", long? seed = 7) => new("w",
    [
        new LlmStep("ask", _ => prompt) { Model = "gpt-test", Output = "answer" },
        new LocalLlmStep("local", v => "Shorten: " + v["answer"]) { Model = "tiny.gguf", Seed = seed, Output = "short" },
    ]);

    private static WorkflowRunOptions Options(CountingModel model, string cache) => new()
    {
        Quiet = true,
        Log = TextWriter.Null,
        Output = TextWriter.Null,
        RemoteModels = model,
        LocalModels = model,
        ResponseCache = new FileDistributedCache(cache),
    };

    [TestMethod]
    public async Task ASecondIdenticalRunIsAnsweredFromTheCacheAndTheRunSaysSo()
    {
        var cache = Temp.Directory();
        var model = new CountingModel();
        var first = await WorkflowRunner.RunAsync([Flow()], Options(model, cache));
        Assert.AreEqual(RunStatus.Succeeded, first.Status, first.Workflows[0].Steps[0].Error);
        Assert.AreEqual(2, model.Calls);
        Assert.IsNull(first.Workflows[0].Steps[0].Reply);

        // A new cache object on the same directory: answers survive the process.
        var second = await WorkflowRunner.RunAsync([Flow()], Options(model, cache));
        Assert.AreEqual(2, model.Calls, "no model was called the second time");
        CollectionAssert.AreEqual(first.Workflows[0].Variables.ToList(), second.Workflows[0].Variables.ToList());
        Assert.IsTrue(second.Workflows[0].Steps.All(s => s.Reply == "cached"));
        Assert.AreEqual(first.Workflows[0].Steps[0].OutputTokens, second.Workflows[0].Steps[0].OutputTokens);
        Assert.IsNull(second.Workflows[0].Steps[0].Metrics, "the cached call's measurements are not this run's");
    }

    [TestMethod]
    public async Task AChangedPromptOrSeedIsAskedAgain()
    {
        var cache = Temp.Directory();
        var model = new CountingModel();
        await WorkflowRunner.RunAsync([Flow()], Options(model, cache));
        await WorkflowRunner.RunAsync([Flow(seed: 8)], Options(model, cache));
        Assert.AreEqual(3, model.Calls, "the llm step was cached, the local_llm step with another seed was not");
        await WorkflowRunner.RunAsync([Flow("Tell me about linkers")], Options(model, cache));
        Assert.AreEqual(5, model.Calls);
    }

    [TestMethod]
    public async Task RecordingThroughTheCacheRecordsTheCachedAnswer()
    {
        var cache = Temp.Directory();
        var recordings = Temp.Directory();
        var model = new CountingModel();
        await WorkflowRunner.RunAsync([Flow()], Options(model, cache));
        var options = Options(model, cache);
        options.Recording = new ModelRecordingOptions(recordings, ModelRecordingMode.Record);
        var recorded = await WorkflowRunner.RunAsync([Flow()], options);
        Assert.AreEqual(2, model.Calls);
        Assert.AreEqual("cached", recorded.Workflows[0].Steps[0].Reply);
        Assert.AreEqual(2, Directory.GetFiles(recordings).Length);
    }
}
