using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Recording;

/// <summary>A backend whose model answers "answer N to: {prompt}" (N counts its calls), with token usage, plain or streamed in two pieces.</summary>
internal sealed class CountingModel : IModelBackend, IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IChatClient>(this);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = Answer(messages);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = text.Length },
            AdditionalProperties = new() { ["generation_ms"] = 12.5 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = Answer(messages);
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text[..6]);
        yield return new ChatResponseUpdate(ChatRole.Assistant, text[6..]);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 })])
        {
            FinishReason = ChatFinishReason.Length,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("counting", null, "resolved-model") : null;

    public void Dispose()
    {
    }

    private string Answer(IEnumerable<ChatMessage> messages) => $"answer {Interlocked.Increment(ref _calls)} to: {messages.Last().Text}";
}
