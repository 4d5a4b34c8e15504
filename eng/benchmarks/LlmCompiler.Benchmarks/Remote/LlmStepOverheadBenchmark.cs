using System.ClientModel;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace LlmCompiler.Benchmarks.Remote;

/// <summary>
/// An llm step run by <see cref="WorkflowRunner"/> against a direct OpenAI SDK call, both to the same loopback
/// server in the same process. <see cref="ServerDelayMs"/> is how long the server "generates" before answering:
/// 0 shows the pure overhead, a few milliseconds is closer to any real model.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LlmStepOverheadBenchmark
{
    private FakeOpenAIServer _server = null!;
    private ChatClient _direct = null!;
    private OpenAIModelBackend _backend = null!;
    private IChatClient _adapter = null!;
    private IChatClient _pipeline = null!;
    private Workflow[] _workflow = null!;
    private WorkflowRunOptions _options = null!;

    [Params(0, 5)]
    public int ServerDelayMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = FakeOpenAIServer.StartAsync().GetAwaiter().GetResult();
        var reply = new FakeReply { Content = "a short answer of a few words", Delay = TimeSpan.FromMilliseconds(ServerDelayMs) };
        _server.Responder = _ => reply;

        // The baseline: what a user would write by hand with the OpenAI SDK.
        _direct = new ChatClient("bench-model", new ApiKeyCredential("bench-key"), new OpenAIClientOptions { Endpoint = _server.BaseUrl });
        _backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = _server.BaseUrl, ApiKey = "bench-key" });
        _workflow = [new Workflow("bench", [new LlmStep("ask", _ => "say something") { Model = "bench-model", MaxTokens = 16, Output = "answer" }])];
        _adapter = _direct.AsIChatClient();
        _pipeline = _backend.GetClientAsync(_workflow[0].Steps.OfType<LlmStep>().Single(), "bench-model", CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _options = new WorkflowRunOptions { RemoteModels = _backend, Output = TextWriter.Null, Log = TextWriter.Null, Quiet = true };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _backend.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "OpenAI SDK CompleteChatAsync")]
    public async Task<string> DirectSdkCall()
    {
        var completion = await _direct.CompleteChatAsync([new UserChatMessage("say something")], new ChatCompletionOptions { MaxOutputTokenCount = 16 });
        return completion.Value.Content[0].Text;
    }

    [Benchmark(Description = "Microsoft.Extensions.AI adapter, no middleware")]
    public async Task<string> AdapterCall() =>
        (await _adapter.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "say something")], new ChatOptions { MaxOutputTokens = 16 })).Text;

    [Benchmark(Description = "backend client pipeline, no runner")]
    public async Task<string> PipelineCall() =>
        (await _pipeline.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "say something")], new ChatOptions { MaxOutputTokens = 16 })).Text;

    [Benchmark(Description = "llm step (WorkflowRunner)")]
    public async Task<string?> LlmStep()
    {
        var result = await WorkflowRunner.RunAsync(_workflow, _options);
        return result.Workflows[0].Steps[0].Output ?? throw new InvalidOperationException(result.Workflows[0].Steps[0].Error);
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(5)
                .WithIterationCount(20));
        }
    }
}
