using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Lets at most N requests through to the inner client at once; the rest wait, in no particular order.</summary>
/// <remarks>
/// The gate is shared by every client of one endpoint, so a hundred parallel workflows send at most N requests
/// to that server. A streamed response holds its slot until the caller stops enumerating. A request waiting to
/// retry keeps its slot: the server is busy, and letting others in would only add load.
/// </remarks>
internal sealed class ConcurrencyLimitingChatClient : DelegatingChatClient
{
    private readonly SemaphoreSlim _gate;

    public ConcurrencyLimitingChatClient(IChatClient innerClient, SemaphoreSlim gate)
        : base(innerClient)
    {
        _gate = gate;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
