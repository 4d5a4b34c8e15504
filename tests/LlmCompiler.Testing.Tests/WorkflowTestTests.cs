using Microsoft.Extensions.AI;
using LlmCompiler.Runtime;

namespace LlmCompiler.Testing.Tests;

/// <summary>WorkflowTest runs workflows in-process with canned model replies, real shell steps and stand-in commands.</summary>
[TestClass]
public sealed class WorkflowTestTests
{
    private static Workflow Writer() => new("writer",
    [
        new ShellStep("topic", "echo \"$LLMC_topic\"")
        {
            Output = "topic",
            Environment = v => [new("LLMC_topic", v["subject"])],
        },
        new LlmStep("draft", v => "Write about " + v["topic"]) { System = _ => "Be brief.", Model = "m", Output = "draft" },
        new LocalLlmStep("title", v => "Title for: " + v["draft"]) { Model = "tiny.gguf", Output = "title" },
        new ShellStep("save", "printf '%s' \"$LLMC_title\" > title.txt && cat title.txt")
        {
            Output = "saved",
            Environment = v => [new("LLMC_title", v["title"])],
        },
    ])
    {
        Inputs = [new WorkflowInput("subject", WorkflowInputType.String) { Default = "compilers" }],
    };

    private static Workflow Other() => new("other", [new LlmStep("draft", _ => "Something else") { Output = "x" }]);

    [TestMethod]
    public async Task CannedRepliesByStepAndByPromptAnswerModelStepsAndShellStepsRunForReal()
    {
        var run = await WorkflowTest.For(Writer())
            .Reply("draft", prompt => "A draft on " + prompt[12..])
            .ReplyWhen(prompt => prompt.StartsWith("Title for:", StringComparison.Ordinal), "The Title")
            .WithInput("subject", "linkers")
            .RunAsync();

        run.AssertSucceeded()
           .AssertOutput("writer.topic", "linkers")
           .AssertOutput("draft", "A draft on linkers")
           .AssertOutput("title", "The Title")
           .AssertOutput("save", "The Title")
           .AssertModelCalls("draft", 1)
           .AssertModelCalls("title", 1);
        Assert.AreEqual("The Title", File.ReadAllText(Path.Combine(run.WorkingDirectory, "title.txt")));
        Assert.AreEqual(new ModelCall("writer", "draft", "llm", "m", "Be brief.", "Write about linkers", "A draft on linkers"), run.ModelCalls[0]);
        Assert.AreEqual("local_llm", run.ModelCalls[1].Kind);
    }

    [TestMethod]
    public async Task AModelCallWithoutACannedReplyFailsItsStepSayingWhatWasAsked()
    {
        var run = await WorkflowTest.For(Writer()).Reply("draft", "text").RunAsync();

        Assert.IsFalse(run.Succeeded);
        run.AssertStatus("title", StepStatus.Failed);
        StringAssert.Contains(run.Step("title").Error, "no canned reply for local_llm step 'writer.title'");
        StringAssert.Contains(run.Step("title").Error, "Its prompt was: Title for: text");
        var failure = Assert.ThrowsExactly<AssertFailedException>(() => run.AssertSucceeded());
        StringAssert.Contains(failure.Message, "writer.title: Failed: no canned reply");
    }

    [TestMethod]
    public async Task AReplacedCommandRunsInsteadAndStillGetsTheStepsVariables()
    {
        var run = await WorkflowTest.For(Writer())
            .ReplyWhen(_ => true, "reply")
            .ReplaceCommand("writer.save", "echo \"stand-in got $LLMC_title\"")
            .RunAsync();

        run.AssertSucceeded().AssertOutput("save", "stand-in got reply");
        Assert.IsFalse(File.Exists(Path.Combine(run.WorkingDirectory, "title.txt")));
        Assert.AreEqual("printf '%s' \"$LLMC_title\" > title.txt && cat title.txt", ((ShellStep)Writer().Steps[3]).Command, "the workflow itself is unchanged");
    }

    [TestMethod]
    public async Task ShellStepsRunInTheGivenDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-testing-").FullName;
        var run = await WorkflowTest.For(Writer()).ReplyWhen(_ => true, "t").InDirectory(directory).RunAsync();

        run.AssertSucceeded();
        Assert.AreEqual(directory, run.WorkingDirectory);
        Assert.IsTrue(File.Exists(Path.Combine(directory, "title.txt")));
    }

    [TestMethod]
    public async Task AStepNameSharedByTwoWorkflowsMustBeQualified()
    {
        var test = WorkflowTest.For(Writer(), Other()).Reply("draft", "x");
        var error = await Assert.ThrowsExactlyAsync<ArgumentException>(() => test.RunAsync());
        StringAssert.Contains(error.Message, "write one of writer.draft, other.draft");

        var unknown = await Assert.ThrowsExactlyAsync<ArgumentException>(() => WorkflowTest.For(Writer()).ReplaceCommand("nope", "true").RunAsync());
        StringAssert.Contains(unknown.Message, "no step 'nope'; the steps are: writer.topic, writer.draft, writer.title, writer.save");

        var wrongKind = await Assert.ThrowsExactlyAsync<ArgumentException>(() => WorkflowTest.For(Writer()).ReplaceCommand("draft", "true").RunAsync());
        StringAssert.Contains(wrongKind.Message, "'writer.draft' is a llm step: only shell steps have a command to replace");
    }

    [TestMethod]
    public async Task RecordingsReplayInATestAndAnUnrecordedPromptFailsItsStep()
    {
        var recordings = Directory.CreateTempSubdirectory("llmc-testing-rec-").FullName;
        var canned = new CannedRecorder();
        var options = new WorkflowRunOptions
        {
            Quiet = true,
            Log = TextWriter.Null,
            Output = TextWriter.Null,
            RemoteModels = canned,
            LocalModels = canned,
            Recording = new ModelRecordingOptions(recordings, ModelRecordingMode.Record),
        };
        var recorded = await WorkflowRunner.RunAsync([Writer()], options);
        Assert.AreEqual(RunStatus.Succeeded, recorded.Status);

        var run = await WorkflowTest.For(Writer()).ReplayFrom(recordings).RunAsync();
        run.AssertSucceeded().AssertOutput("title", "recorded: Title for: recorded: Write about compilers");
        Assert.AreEqual(0, run.ModelCalls.Count);

        var changed = await WorkflowTest.For(Writer()).ReplayFrom(recordings).WithInput("subject", "linkers").RunAsync();
        changed.AssertStatus("draft", StepStatus.Failed);
        StringAssert.StartsWith(changed.Step("draft").Error, "no recording for this request");
        StringAssert.Contains(changed.Step("draft").Error, "prompt differs at character 13");
    }

    [TestMethod]
    public async Task CannedRepliesAndReplayDoNotMix()
    {
        var test = WorkflowTest.For(Writer()).Reply("draft", "x").ReplayFrom("anywhere");
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.RunAsync());
    }

    /// <summary>A model that answers "recorded: {prompt}", to record from.</summary>
    private sealed class CannedRecorder : IModelBackend, IChatClient
    {
        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IChatClient>(this);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "recorded: " + messages.Last().Text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
