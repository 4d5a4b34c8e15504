using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>A built program records its model calls, replays them with no server, and caches answers on disk.</summary>
[TestClass]
public sealed class RecordReplayEndToEndTests
{
    private const string Workflow = """
        name: remote
        steps:
          - name: topic
            type: shell
            command: 'echo "compilers"'
            output: topic

          - name: ask
            type: llm
            system: Answer briefly.
            prompt: 'Tell me about {{topic}}'
            max_tokens: 20
            output: answer

          - name: each
            type: llm
            foreach: [parsing, linking]
            prompt: 'One word on {{item}}'
            output: words

          - name: shout
            type: llm
            prompt: 'Shout: {{answer}}'
            output: shouted
        """;

    [TestMethod]
    public async Task ARecordedRunReplaysWithTheServerStoppedAndAChangedPromptFailsThatStep()
    {
        var project = await TestProject.CreateAsync("record_replay", new Dictionary<string, string> { ["remote.yaml"] = Workflow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        Dictionary<string, string> recordedContext;
        await using (var server = await FakeOpenAIServer.StartAsync())
        {
            var recorded = await project.RunBuiltAsync(Server(server), "--record", "recordings");
            Assert.AreEqual(0, recorded.ExitCode, recorded.ToString());
            Assert.AreEqual(4, server.RequestCount);
            Assert.AreEqual(4, Directory.GetFiles(project.PathOf("recordings"), "*.json").Length);
            using var runFile = project.ReadRunFile();
            recordedContext = Context(runFile);
            Assert.AreEqual("recorded", Step(runFile, "ask").GetProperty("reply").GetString());
        }

        // The recording server is gone; a second one stands at the address the program is given, to count requests.
        await using var watcher = await FakeOpenAIServer.StartAsync();
        var replayed = await project.RunBuiltAsync(Server(watcher), "--replay", "recordings");
        Assert.AreEqual(0, replayed.ExitCode, replayed.ToString());
        Assert.AreEqual(0, watcher.RequestCount);
        using (var runFile = project.ReadRunFile())
        {
            CollectionAssert.AreEquivalent(recordedContext.ToList(), Context(runFile).ToList());
            foreach (var step in new[] { "ask", "each", "shout" })
            {
                Assert.AreEqual("replayed", Step(runFile, step).GetProperty("reply").GetString(), step);
            }

            Assert.IsFalse(Step(runFile, "topic").TryGetProperty("reply", out _));
            Assert.AreEqual(11, Step(runFile, "ask").GetProperty("input_tokens").GetInt64(), "token usage replays as recorded");
        }

        // The environment variable does the same as the option.
        var byVariable = await project.RunBuiltAsync(Server(watcher, ("LLMC_REPLAY", "recordings")));
        Assert.AreEqual(0, byVariable.ExitCode, byVariable.ToString());
        Assert.AreEqual(0, watcher.RequestCount);

        project.WriteFile("remote.yaml", Workflow.Replace("'Shout: {{answer}}'", "'Shout loudly: {{answer}}'", StringComparison.Ordinal));
        var rebuild = await project.BuildAsync();
        Assert.AreEqual(0, rebuild.ExitCode, rebuild.ToString());
        var changed = await project.RunBuiltAsync(Server(watcher), "--replay", "recordings");
        Assert.AreEqual(1, changed.ExitCode, changed.ToString());
        Assert.AreEqual(0, watcher.RequestCount);
        using (var runFile = project.ReadRunFile())
        {
            Assert.AreEqual("succeeded", Step(runFile, "ask").GetProperty("status").GetString());
            var shout = Step(runFile, "shout");
            Assert.AreEqual("failed", shout.GetProperty("status").GetString());
            var error = shout.GetProperty("error").GetString()!;
            StringAssert.StartsWith(error, "no recording for this request (key ");
            StringAssert.Contains(error, "(step 'remote.shout'), differs in: prompt differs at character 6: recorded \"Shout: reply to: Tell me abou…\", now \"Shout loudly: reply to: Tell …\"");
        }

        StringAssert.Contains(changed.StandardError, "[remote] shout: FAILED: no recording for this request");
    }

    [TestMethod]
    public async Task TheCacheAnswersASecondIdenticalRunWithoutTheServer()
    {
        var project = await TestProject.CreateAsync("response_cache", new Dictionary<string, string> { ["remote.yaml"] = Workflow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        await using var server = await FakeOpenAIServer.StartAsync();

        var first = await project.RunBuiltAsync(Server(server), "--cache", "cache");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual(4, server.RequestCount);
        Dictionary<string, string> firstContext;
        using (var runFile = project.ReadRunFile())
        {
            firstContext = Context(runFile);
            Assert.IsFalse(Step(runFile, "ask").TryGetProperty("reply", out _));
        }

        var second = await project.RunBuiltAsync(Server(server, ("LLMC_CACHE", "cache")));
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.AreEqual(4, server.RequestCount, "the second run sent no request");
        using (var runFile = project.ReadRunFile())
        {
            CollectionAssert.AreEquivalent(firstContext.ToList(), Context(runFile).ToList());
            Assert.AreEqual("cached", Step(runFile, "ask").GetProperty("reply").GetString());
            Assert.AreEqual("cached", Step(runFile, "each").GetProperty("reply").GetString());
        }

        // Another model is another answer: the server is asked again.
        var otherModel = await project.RunBuiltAsync(Server(server, ("LLMC_CACHE", "cache"), ("OPENAI_MODEL", "other-model")));
        Assert.AreEqual(0, otherModel.ExitCode, otherModel.ToString());
        Assert.AreEqual(8, server.RequestCount);
    }

    [TestMethod]
    public async Task RecordAndReplayTogetherAreABadCommandLine()
    {
        var project = await TestProject.CreateAsync("record_and_replay", new Dictionary<string, string> { ["remote.yaml"] = Workflow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync(new Dictionary<string, string?> { ["LLMC_RECORD"] = "a" }, "--replay", "b");
        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StandardError, "cannot be used together");
        Assert.IsFalse(File.Exists(project.PathOf("record_and_replay_run.json")));
    }

    private static Dictionary<string, string?> Server(FakeOpenAIServer server, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "default-model",
            ["OPENAI_API_KEY"] = null,
            ["LLMC_RECORD"] = null,
            ["LLMC_REPLAY"] = null,
            ["LLMC_CACHE"] = null,
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static Dictionary<string, string> Context(JsonDocument runFile) =>
        runFile.RootElement.GetProperty("contexts").GetProperty("remote").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static JsonElement Step(JsonDocument runFile, string name) =>
        runFile.RootElement.GetProperty("workflows").GetProperty("remote").GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
}
