using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>A program built with the SDK runs its llm steps against an OpenAI-compatible server named by OPENAI_BASE_URL.</summary>
[TestClass]
public sealed class RemoteLlmTests
{
    private const string Key = "sk-e2e-never-print-me-0987654321";

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
            temperature: 0.5
            output: answer

          - name: shout
            type: llm
            model: other-model
            prompt: 'Shout: {{answer}}'
            output: shouted

          - name: show
            type: shell
            command: 'echo "got {{shouted}}"'
            output: shown
        """;

    [TestMethod]
    public async Task LlmStepsOfABuiltProgramCallTheServerFromTheEnvironmentAndRecordUsageWithoutLeakingTheKey()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var project = await TestProject.CreateAsync("remote_llm", new Dictionary<string, string> { ["remote.yaml"] = Workflow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = Key,
            ["OPENAI_MODEL"] = "default-model",
        });

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var requests = server.Requests;
        Assert.AreEqual(2, requests.Count);
        Assert.AreEqual("default-model", requests[0].Model);
        CollectionAssert.AreEqual(
            new[] { ("system", "Answer briefly."), ("user", "Tell me about compilers") },
            requests[0].Messages.ToArray());
        Assert.AreEqual(20, requests[0].MaxTokens);
        Assert.AreEqual(0.5, requests[0].Field("temperature")!.Value.GetDouble(), 1e-6);
        Assert.AreEqual("Bearer " + Key, requests[0].Authorization);
        Assert.AreEqual("other-model", requests[1].Model);
        Assert.AreEqual(("user", "Shout: reply to: Tell me about compilers"), requests[1].Messages.Single());

        var runFileText = File.ReadAllText(project.PathOf("remote_llm_run.json"));
        using var runFile = JsonDocument.Parse(runFileText);
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("remote");
        Assert.AreEqual("reply to: Tell me about compilers", context.GetProperty("answer").GetString());
        Assert.AreEqual("got reply to: Shout: reply to: Tell me about compilers", context.GetProperty("shown").GetString());
        var ask = runFile.RootElement.GetProperty("workflows").GetProperty("remote").GetProperty("steps")[1];
        Assert.AreEqual("llm", ask.GetProperty("type").GetString());
        Assert.AreEqual(11, ask.GetProperty("input_tokens").GetInt64());
        Assert.AreEqual(7, ask.GetProperty("output_tokens").GetInt64());
        AssertNoKey(runFileText + run.StandardOutput + run.StandardError);

        // The same program against a failing server: the step fails with the server's message, the key stays hidden.
        server.Responder = r => new FakeReply { Status = 500, Content = "no GPUs left for " + r.Authorization };
        var failing = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = Key,
            ["OPENAI_MODEL"] = "default-model",
            ["LLMC_LLM_MAX_RETRIES"] = "1",
        });
        Assert.AreEqual(1, failing.ExitCode, failing.ToString());
        var failedRunFile = File.ReadAllText(project.PathOf("remote_llm_run.json"));
        StringAssert.Contains(failedRunFile, "no GPUs left for Bearer ***");
        StringAssert.Contains(failing.StandardError, "no GPUs left");
        AssertNoKey(failedRunFile + failing.StandardOutput + failing.StandardError);

        // A server off loopback needs a key: the step says which variable to set.
        var keyless = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = "https://llm.example.invalid/v1",
            ["OPENAI_API_KEY"] = null,
            ["OPENAI_MODEL"] = "default-model",
        });
        Assert.AreEqual(1, keyless.ExitCode, keyless.ToString());
        StringAssert.Contains(keyless.StandardError, "set the OPENAI_API_KEY environment variable");
    }

    private static void AssertNoKey(string text) =>
        Assert.IsFalse(text.Contains(Key, StringComparison.Ordinal), "the API key leaked:\n" + text);

    [TestMethod]
    public async Task ConfigureRunPlugsAHostChatClientInForOneModelWhileOthersGoToTheServer()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var project = await TestProject.CreateAsync("custom_client", new Dictionary<string, string>
        {
            ["flow.yaml"] = """
                name: mixed
                steps:
                  - name: house
                    type: llm
                    model: house-model
                    prompt: 'quiet words'
                    output: loud
                  - name: remote
                    type: llm
                    model: server-model
                    prompt: 'pass on {{loud}}'
                    output: passed
                """,
            ["HouseClient.cs"] = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using LlmCompiler.Runtime;
                using LlmCompiler.Runtime.Remote;
                using Microsoft.Extensions.AI;

                namespace custom_client;

                internal static partial class LlmCompilerProgram
                {
                    static partial void ConfigureRun(WorkflowRunOptions options) =>
                        options.RemoteModels = OpenAIModelBackend.FromEnvironment().Use("house-model", new ShoutingClient());
                }

                internal sealed class ShoutingClient : IChatClient
                {
                    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, messages.Last().Text.ToUpperInvariant())));

                    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                        throw new NotSupportedException();

                    public object? GetService(Type serviceType, object? serviceKey = null) => null;

                    public void Dispose()
                    {
                    }
                }
                """,
        });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = null,
            ["OPENAI_MODEL"] = null,
        });

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using var runFile = project.ReadRunFile();
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("mixed");
        Assert.AreEqual("QUIET WORDS", context.GetProperty("loud").GetString());
        Assert.AreEqual("reply to: pass on QUIET WORDS", context.GetProperty("passed").GetString());
        Assert.AreEqual("server-model", server.Requests.Single().Model);
    }
}
