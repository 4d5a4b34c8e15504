using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>A host-supplied client: answers "{name}: {prompt}" after an optional delay, counting concurrent calls.</summary>
internal sealed class FakeChatClient(string name, TimeSpan delay = default) : IChatClient
{
    private int _inFlight;
    private int _maxInFlight;

    public int Calls { get; private set; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (this)
        {
            Calls++;
            _maxInFlight = Math.Max(_maxInFlight, now);
        }

        try
        {
            await Task.Delay(delay, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"{name}: {messages.Last().Text}"))
            {
                Usage = new UsageDetails { InputTokenCount = 2, OutputTokenCount = 1 },
            };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
