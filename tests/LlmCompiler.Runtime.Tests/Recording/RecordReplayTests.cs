using System.Text.Json;
using LlmCompiler.Runtime.Recording;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Recording;

/// <summary>--record writes one stable file per model request; --replay answers from them and never from a model.</summary>
[TestClass]
public sealed class RecordReplayTests
{
    private static Workflow Flow(string prompt = "Tell me about {0}", string? schema = null) => new("w",
    [
        new ShellStep("topic", "echo compilers") { Output = "topic" },
        new LlmStep("ask", v => string.Format(System.Globalization.CultureInfo.InvariantCulture, prompt, v["topic"]))
        {
            Model = "gpt-test",
            System = _ => "Be brief.",
            Temperature = 0.2f,
            MaxTokens = 40,
            Output = "answer",
            OutputSchema = schema,
        },
        new LocalLlmStep("local", v => "Shorten: " + v["answer"]) { Model = "${LLMC_MODEL:-models/tiny.gguf}", Seed = 7, Output = "short" },
    ]);

    private static WorkflowRunOptions Options(CountingModel model, ModelRecordingOptions? recording) => new()
    {
        Quiet = true,
        Log = TextWriter.Null,
        Output = TextWriter.Null,
        RemoteModels = model,
        LocalModels = model,
        Recording = recording,
    };

    [TestMethod]
    public async Task AReplayGivesTheRecordedOutputsAndTokensWithoutCallingAnyModel()
    {
        var directory = Temp.Directory();
        var recorder = new CountingModel();
        var recorded = await WorkflowRunner.RunAsync([Flow()], Options(recorder, new(directory, ModelRecordingMode.Record)));
        Assert.AreEqual(RunStatus.Succeeded, recorded.Status);
        Assert.AreEqual(2, recorder.Calls);
        Assert.AreEqual(2, Directory.GetFiles(directory, "*.json").Length);
        Assert.AreEqual("recorded", recorded.Workflows[0].Steps[1].Reply);

        var replayer = new CountingModel();
        var replayed = await WorkflowRunner.RunAsync([Flow()], Options(replayer, new(directory, ModelRecordingMode.Replay)));
        Assert.AreEqual(RunStatus.Succeeded, replayed.Status, replayed.Workflows[0].Steps[1].Error);
        Assert.AreEqual(0, replayer.Calls);
        CollectionAssert.AreEqual(recorded.Workflows[0].Variables.ToList(), replayed.Workflows[0].Variables.ToList());
        var ask = replayed.Workflows[0].Steps[1];
        Assert.AreEqual("replayed", ask.Reply);
        Assert.AreEqual(recorded.Workflows[0].Steps[1].InputTokens, ask.InputTokens);
        Assert.AreEqual(recorded.Workflows[0].Steps[1].OutputTokens, ask.OutputTokens);
        Assert.IsNull(ask.Metrics, "measurements of the recorded call are not replayed as this run's");
        Assert.IsNull(replayed.Workflows[0].Steps[0].Reply, "shell steps are not model replies");
    }

    [TestMethod]
    public async Task ReplayNeedsNoBackendAtAll()
    {
        var directory = Temp.Directory();
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));

        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, Recording = new(directory, ModelRecordingMode.Replay) };
        var replayed = await WorkflowRunner.RunAsync([Flow()], options);
        Assert.AreEqual(RunStatus.Succeeded, replayed.Status, replayed.Workflows[0].Steps[1].Error);
    }

    [TestMethod]
    public async Task AChangedPromptFailsItsStepWithTheKeyAndWhatDiffersWithoutRepeatingTheStepsName()
    {
        var directory = Temp.Directory();
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));

        var replayer = new CountingModel();
        var replayed = await WorkflowRunner.RunAsync([Flow("Tell me all about {0}")], Options(replayer, new(directory, ModelRecordingMode.Replay)));
        Assert.AreEqual(RunStatus.Failed, replayed.Status);
        Assert.AreEqual(0, replayer.Calls);
        var ask = replayed.Workflows[0].Steps[1];
        Assert.AreEqual(StepStatus.Failed, ask.Status);
        var key = ModelRequest.Of((ModelStep)Flow("Tell me all about {0}").Steps[1], [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Tell me all about compilers")], new() { ModelId = "gpt-test", Temperature = 0.2f, MaxOutputTokens = 40 }).Key;
        StringAssert.StartsWith(ask.Error, "no recording for this request");
        StringAssert.Contains(ask.Error, $"(key {key})");
        StringAssert.Contains(ask.Error, "(step 'w.ask'), differs in: prompt differs at character 10: recorded \"Tell me about compilers\", now \"Tell me all about compilers\"");
    }

    [TestMethod]
    public async Task AChangedOptionOrSchemaIsNamedAsTheDifference()
    {
        var directory = Temp.Directory();
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));

        var replayed = await WorkflowRunner.RunAsync([Flow(schema: """{"type":"object"}""")], Options(new CountingModel(), new(directory, ModelRecordingMode.Replay)));
        var error = replayed.Workflows[0].Steps[1].Error;
        StringAssert.Contains(error, "differs in: schema: recorded none, now {\"type\":\"object\"}");
    }

    [TestMethod]
    public async Task AnEmptyDirectorySaysThereIsNothingToReplay()
    {
        var directory = Temp.Directory();
        var replayed = await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Replay)));
        StringAssert.Contains(replayed.Workflows[0].Steps[1].Error, "the directory holds no recording");
    }

    [TestMethod]
    public async Task RecordingTwiceWritesTheSameBytesAndTheFileIsReadable()
    {
        var first = Temp.Directory();
        var second = Temp.Directory();
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(first, ModelRecordingMode.Record)));
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(second, ModelRecordingMode.Record)));

        var files = Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(files, Directory.GetFiles(second).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var file in files)
        {
            Assert.AreEqual(File.ReadAllText(Path.Combine(first, file!)), File.ReadAllText(Path.Combine(second, file!)));
        }

        var ask = ModelRequest.Of((ModelStep)Flow().Steps[1], [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Tell me about compilers")], new() { ModelId = "gpt-test", Temperature = 0.2f, MaxOutputTokens = 40 });
        var text = File.ReadAllText(Path.Combine(first, ask.Key + ".json"));
        Assert.AreEqual(
            $$"""
            {
              "key": "{{ask.Key}}",
              "step": "w.ask",
              "request": {
                "type": "llm",
                "model": "gpt-test",
                "messages": [
                  {
                    "role": "system",
                    "text": "Be brief."
                  },
                  {
                    "role": "user",
                    "text": "Tell me about compilers"
                  }
                ],
                "options": {
                  "max_tokens": 40,
                  "temperature": 0.2
                }
              },
              "response": {
                "text": "answer 1 to: Tell me about compilers",
                "finish_reason": "stop",
                "usage": {
                  "input_tokens": 5,
                  "output_tokens": 36
                }
              }
            }

            """.ReplaceLineEndings("\n"),
            text);
    }

    [TestMethod]
    public async Task AStreamedAnswerIsRecordedInItsPiecesAndReplaysThemWithItsUsage()
    {
        var directory = new RecordingDirectory(Temp.Directory());
        var step = (ModelStep)Flow().Steps[1];
        ChatMessage[] messages = [new(ChatRole.User, "Tell me about streams")];
        var options = new ChatOptions { ModelId = "gpt-test", Temperature = 0.2f, MaxOutputTokens = 40 };
        var model = new CountingModel();
        using var recorder = new RecordingChatClient(model, directory, step, "w.ask");
        var live = new List<ChatResponseUpdate>();
        await foreach (var update in recorder.GetStreamingResponseAsync(messages, options))
        {
            live.Add(update);
        }

        using var replayer = new ReplayChatClient(directory, step, "w.ask");
        var replayed = new List<ChatResponseUpdate>();
        await foreach (var update in replayer.GetStreamingResponseAsync(messages, options))
        {
            replayed.Add(update);
        }

        CollectionAssert.AreEqual(live.Select(u => u.Text).ToList(), replayed.Select(u => u.Text).ToList());
        var response = replayed.ToChatResponse();
        Assert.AreEqual("answer 1 to: Tell me about streams", response.Text);
        Assert.AreEqual(ChatFinishReason.Length, response.FinishReason);
        Assert.AreEqual(5, response.Usage?.InputTokenCount);
        Assert.AreEqual(2, response.Usage?.OutputTokenCount);
        Assert.AreEqual("replayed", ReplySource.Of(response));

        // A non-streaming replay of a streamed recording gives the whole text.
        var whole = await replayer.GetResponseAsync(messages, options);
        Assert.AreEqual("answer 1 to: Tell me about streams", whole.Text);
        Assert.AreEqual(1, model.Calls);
    }

    [TestMethod]
    public async Task ForeachItemsAreRecordedAndReplayedOneByOne()
    {
        var directory = Temp.Directory();
        Workflow Items() => new("w",
        [
            new LlmStep("each", v => "Describe " + v["item"]) { Model = "m", Output = "all", Foreach = ForeachSource.List("a", "b", "c") },
        ]);
        var recorded = await WorkflowRunner.RunAsync([Items()], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));
        Assert.AreEqual(RunStatus.Succeeded, recorded.Status, recorded.Workflows[0].Steps[0].Error);
        Assert.AreEqual(3, Directory.GetFiles(directory).Length);

        var replayer = new CountingModel();
        var replayed = await WorkflowRunner.RunAsync([Items()], Options(replayer, new(directory, ModelRecordingMode.Replay)));
        Assert.AreEqual(0, replayer.Calls);
        Assert.AreEqual(recorded.Workflows[0].Variables["all"], replayed.Workflows[0].Variables["all"]);
        var step = replayed.Workflows[0].Steps[0];
        Assert.AreEqual("replayed", step.Reply);
        Assert.IsTrue(step.Items!.All(i => i.Reply == "replayed"));
    }

    [TestMethod]
    public async Task AReplayMissOfAForeachItemComparesWithTheSameItemsRecordingFirst()
    {
        var directory = Temp.Directory();
        string[] fruits = ["apple", "banana", "cherry"];
        Workflow Items(string prompt) => new("w",
        [
            new LlmStep("each", v => prompt + v["item"]) { Model = "m", Output = "all", Foreach = ForeachSource.List(fruits), FailFast = false },
        ]);
        var recorded = await WorkflowRunner.RunAsync([Items("Describe ")], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));
        Assert.AreEqual(RunStatus.Succeeded, recorded.Status, recorded.Workflows[0].Steps[0].Error);
        Assert.IsTrue(Directory.GetFiles(directory).All(f => File.ReadAllText(f).Contains("\"item\": ", StringComparison.Ordinal)), "each item's recording says which item it is");

        // Every item's request changed the same way, so every recording differs in one field: only the index tells them apart.
        var replayed = await WorkflowRunner.RunAsync([Items("Describe the ")], Options(new CountingModel(), new(directory, ModelRecordingMode.Replay)));
        var items = replayed.Workflows[0].Steps[0].Items!;
        Assert.AreEqual(3, items.Count);
        for (var i = 0; i < fruits.Length; i++)
        {
            Assert.AreEqual(StepStatus.Failed, items[i].Status);
            StringAssert.Contains(items[i].Error, $"(step 'w.each', item {i}), differs in: prompt differs at character 10: recorded \"Describe {fruits[i]}\", now \"Describe the {fruits[i]}\"");
        }
    }

    [TestMethod]
    public async Task TheRunFileSaysWhichStepsWereReplayed()
    {
        var directory = Temp.Directory();
        await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Record)));
        var replayed = await WorkflowRunner.RunAsync([Flow()], Options(new CountingModel(), new(directory, ModelRecordingMode.Replay)));

        var runFile = Path.Combine(Temp.Directory(), "run.json");
        await RunFile.WriteAsync(runFile, replayed, "test");
        using var json = JsonDocument.Parse(File.ReadAllText(runFile));
        var steps = json.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps");
        Assert.IsFalse(steps[0].TryGetProperty("reply", out _));
        Assert.AreEqual("replayed", steps[1].GetProperty("reply").GetString());
        Assert.AreEqual("replayed", steps[2].GetProperty("reply").GetString());
    }
}
