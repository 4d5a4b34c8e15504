namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>local_llm steps on a real model through --cache and --record/--replay: the same text, without decoding again.</summary>
[TestClass]
public sealed class LocalRepliesTests
{
    private static Workflow Sampled(string model) => new("w",
    [
        new LocalLlmStep("generate", _ => "Tell a story.") { Model = model, MaxTokens = 24, Temperature = 0.9f, Seed = 1234, Output = "text" },
    ]);

    private static string NewDirectory() => Directory.CreateTempSubdirectory("llmc-local-replies-").FullName;

    [TestMethod]
    public async Task ASampledStepWithAFixedSeedIsAnsweredFromTheCacheWithTheTextItGenerated()
    {
        var model = TestModels.Write("cache");
        var options = TestModels.QuietOptions();
        options.ResponseCache = new FileDistributedCache(NewDirectory());

        var first = await WorkflowRunner.RunAsync([Sampled(model)], options);
        Assert.AreEqual(RunStatus.Succeeded, first.Status, first.Workflows[0].Steps[0].Error);
        Assert.IsNull(first.Workflows[0].Steps[0].Reply);
        Assert.IsNotNull(first.Workflows[0].Steps[0].Metrics, "a decoded answer has its measurements");

        var second = await WorkflowRunner.RunAsync([Sampled(model)], options);
        var step = second.Workflows[0].Steps[0];
        Assert.AreEqual("cached", step.Reply);
        Assert.IsNull(step.Metrics, "nothing was decoded");
        Assert.AreEqual(first.Workflows[0].Variables["text"], second.Workflows[0].Variables["text"]);
        Assert.AreEqual(24L, step.OutputTokens);
    }

    [TestMethod]
    public async Task AReplayGivesTheTextTheModelGeneratedWithoutLoadingIt()
    {
        var model = TestModels.Write("replay");
        var recordings = NewDirectory();
        var options = TestModels.QuietOptions();
        options.Recording = new ModelRecordingOptions(recordings, ModelRecordingMode.Record);
        var recorded = await WorkflowRunner.RunAsync([Sampled(model)], options);
        Assert.AreEqual(RunStatus.Succeeded, recorded.Status, recorded.Workflows[0].Steps[0].Error);

        // The model file is gone: a replay must not need it.
        File.Delete(model);
        var replay = TestModels.QuietOptions();
        replay.Recording = new ModelRecordingOptions(recordings, ModelRecordingMode.Replay);
        var replayed = await WorkflowRunner.RunAsync([Sampled(model)], replay);
        Assert.AreEqual(RunStatus.Succeeded, replayed.Status, replayed.Workflows[0].Steps[0].Error);
        Assert.AreEqual(recorded.Workflows[0].Variables["text"], replayed.Workflows[0].Variables["text"]);
        Assert.AreEqual("replayed", replayed.Workflows[0].Steps[0].Reply);
        Assert.AreEqual(recorded.Workflows[0].Steps[0].InputTokens, replayed.Workflows[0].Steps[0].InputTokens);
    }
}
