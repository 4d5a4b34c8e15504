using System.Text.Json;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using Microsoft.Extensions.AI;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>What an llm step sends to an OpenAI-compatible server and what it makes of the answer.</summary>
[TestClass]
public sealed class OpenAIWireFormatTests
{
    [TestMethod]
    public async Task LlmStepSendsModelMessagesAndSamplingSettingsWithTheKeyAndRecordsTextAndUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Content = "  Paris  ", PromptTokens = 21, CompletionTokens = 3 };
        using var backend = new OpenAIModelBackend(OptionsFor(server, apiKey: "sk-wire-test"));
        var step = new LlmStep("capital", v => $"Capital of {v["country"]}?")
        {
            Model = "gpt-test",
            System = _ => "Answer in one word.",
            MaxTokens = 16,
            Temperature = 0.25f,
            TopP = 0.5f,
            Seed = 42,
            Stop = ["\n"],
            Output = "capital",
        };
        var country = new ShellStep("country", "echo France") { Output = "country" };

        var (result, console) = await RunAsync(backend, country, step);

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        var request = server.Requests.Single();
        Assert.AreEqual("gpt-test", request.Model);
        CollectionAssert.AreEqual(
            new[] { ("system", "Answer in one word."), ("user", "Capital of France?") },
            request.Messages.ToArray());
        Assert.AreEqual(16, request.MaxTokens);
        Assert.AreEqual(16, request.MaxCompletionTokens);
        Assert.AreEqual(0.25, request.Field("temperature")!.Value.GetDouble(), 1e-6);
        Assert.AreEqual(0.5, request.Field("top_p")!.Value.GetDouble(), 1e-6);
        Assert.AreEqual(42, request.Field("seed")!.Value.GetInt64());
        Assert.AreEqual("\n", request.Field("stop")!.Value.EnumerateArray().Single().GetString());
        Assert.IsFalse(request.Stream);
        Assert.AreEqual("Bearer sk-wire-test", request.Authorization);

        var stepResult = result.Workflows.Single().Steps[1];
        Assert.AreEqual("Paris", stepResult.Output);
        Assert.AreEqual("Paris", result.Workflows.Single().Variables["capital"]);
        Assert.AreEqual(21L, stepResult.InputTokens);
        Assert.AreEqual(3L, stepResult.OutputTokens);
    }

    [TestMethod]
    public async Task RunFileRecordsTheTokenUsageOfEachLlmStep()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => new FakeReply { Content = "x", PromptTokens = r.Index == 0 ? 5 : 50, CompletionTokens = r.Index == 0 ? 1 : 10 };
        using var backend = new OpenAIModelBackend(OptionsFor(server));
        var (result, console) = await RunAsync(backend, Step("one", "first", "a"), Step("two", "second", "b"));
        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);

        var path = Path.Combine(Path.GetTempPath(), "llmc-tokens-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await RunFile.WriteAsync(path, result, "tokens");
            using var runFile = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var steps = runFile.RootElement.GetProperty("workflows").GetProperty("flow").GetProperty("steps");
            Assert.AreEqual(5, steps[0].GetProperty("input_tokens").GetInt64());
            Assert.AreEqual(1, steps[0].GetProperty("output_tokens").GetInt64());
            Assert.AreEqual(50, steps[1].GetProperty("input_tokens").GetInt64());
            Assert.AreEqual(10, steps[1].GetProperty("output_tokens").GetInt64());
            Assert.AreEqual("llm", steps[1].GetProperty("type").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task StreamedResponsesArriveChunkByChunkWithUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Content = "one two three", PromptTokens = 4, CompletionTokens = 3 };
        using var backend = new OpenAIModelBackend(OptionsFor(server));
        var client = await backend.GetClientAsync(Step("count"), "stream-model", CancellationToken.None);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "count to three")], new ChatOptions { MaxOutputTokens = 8 }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.AreEqual("one two three", response.Text);
        Assert.IsTrue(updates.Count(u => u.Text.Length > 0) >= 3, "the text should arrive in several chunks");
        Assert.AreEqual(4L, response.Usage?.InputTokenCount);
        Assert.AreEqual(3L, response.Usage?.OutputTokenCount);
        var request = server.Requests.Single();
        Assert.IsTrue(request.Stream);
        Assert.AreEqual("stream-model", request.Model);
        Assert.AreEqual(8, request.MaxTokens);
        Assert.AreEqual(8, request.MaxCompletionTokens);
        Assert.AreEqual(("user", "count to three"), request.Messages.Single());
    }

    [TestMethod]
    public async Task StepWithoutModelUsesTheDefaultModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var backend = new OpenAIModelBackend(OptionsFor(server) with { DefaultModel = "env-model" });
        var (result, console) = await RunAsync(backend, Step("hi"));
        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual("env-model", server.Requests.Single().Model);
        Assert.AreEqual("reply to: hi", OnlyStep(result).Output);
    }

    [TestMethod]
    public async Task ServerOnLoopbackNeedsNoKeyAndGetsNoAuthorizationHeader()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var backend = new OpenAIModelBackend(OptionsFor(server, apiKey: null));
        var (result, console) = await RunAsync(backend, Step("hi"));
        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.IsNull(server.Requests.Single().Authorization);
    }

    [TestMethod]
    public async Task BaseUrlWithATrailingSlashReachesTheSameEndpoint()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var backend = new OpenAIModelBackend(OptionsFor(new Uri(server.BaseUrl + "/")));
        var (result, console) = await RunAsync(backend, Step("hi"));
        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public void MaxTokensIsAddedForServersOtherThanOpenAIsOnly()
    {
        Assert.IsTrue(LegacyMaxTokensPolicy.AppliesTo(new Uri("http://127.0.0.1:11434/v1")));
        Assert.IsFalse(LegacyMaxTokensPolicy.AppliesTo(new Uri("https://api.openai.com/v1")));
        Assert.IsFalse(LegacyMaxTokensPolicy.AppliesTo(new Uri("https://mine.openai.azure.com/openai/v1")));

        var rewritten = LegacyMaxTokensPolicy.WithMaxTokens("""{"messages":[{"role":"user","content":"{max_tokens}"}],"max_completion_tokens":5}"""u8);
        using var document = JsonDocument.Parse(rewritten);
        Assert.AreEqual(5, document.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.AreEqual(5, document.RootElement.GetProperty("max_completion_tokens").GetInt32());
        Assert.AreEqual("{max_tokens}", document.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());

        Assert.IsNull(LegacyMaxTokensPolicy.WithMaxTokens("""{"messages":[],"max_tokens":3,"max_completion_tokens":5}"""u8));
        Assert.IsNull(LegacyMaxTokensPolicy.WithMaxTokens("""{"messages":[{"role":"user","content":"max_completion_tokens"}]}"""u8));
    }
}
