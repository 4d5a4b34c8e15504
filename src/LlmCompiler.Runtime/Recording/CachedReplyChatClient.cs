using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime.Recording;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> for one step (<c>--cache</c>), marking the
/// answers it gives from the cache so the run file can say so.
/// </summary>
/// <remarks>
/// The key is M.E.AI's (messages and options) plus the step type, its output schema and the model the backend
/// resolved (a local model's path after <c>${LLMC_MODEL}</c> is expanded, a server's address), so pointing a step
/// at another model or server never answers from the old one's cache.
/// </remarks>
internal sealed class CachedReplyChatClient : DistributedCachingChatClient
{
    public CachedReplyChatClient(IChatClient inner, IDistributedCache cache, ModelStep step)
        : base(inner, cache)
    {
        var metadata = inner.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        CacheKeyAdditionalValues =
        [
            step.Kind,
            step.OutputSchema ?? string.Empty,
            metadata?.DefaultModelId ?? string.Empty,
            metadata?.ProviderUri?.ToString() ?? string.Empty,
        ];
    }

    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var cached = await base.ReadCacheAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            // The measurements of the call that filled the cache (load and generation time) are not this run's.
            cached.AdditionalProperties = null;
            ReplySource.Mark(cached, ReplySource.Cached);
        }

        return cached;
    }

    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        var cached = await base.ReadCacheStreamingAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is { Count: > 0 })
        {
            cached[^1].AdditionalProperties = null;
            ReplySource.Mark(cached[^1], ReplySource.Cached);
        }

        return cached;
    }
}
