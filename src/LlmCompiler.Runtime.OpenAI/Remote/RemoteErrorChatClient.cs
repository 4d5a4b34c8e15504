using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Rethrows failures of the HTTP client as <see cref="StepFailedException"/> with a clean, key-free message.</summary>
/// <remarks>
/// It sits inside the logging and telemetry middleware, so they too only ever see the redacted message.
/// The original exception is not attached: its message may contain the server's echo of the key.
/// Cancellation by the caller passes through untouched.
/// </remarks>
internal sealed class RemoteErrorChatClient : DelegatingChatClient
{
    private readonly OpenAIModelBackendOptions _options;

    public RemoteErrorChatClient(IChatClient innerClient, OpenAIModelBackendOptions options)
        : base(innerClient)
    {
        _options = options;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTranslatable(e, cancellationToken))
        {
            throw new StepFailedException(RemoteErrors.Describe(e, _options));
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // yield cannot sit inside try/catch, so the enumerator is advanced by hand.
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (IsTranslatable(e, cancellationToken))
                {
                    throw new StepFailedException(RemoteErrors.Describe(e, _options));
                }

                yield return updates.Current;
            }
        }
    }

    private static bool IsTranslatable(Exception exception, CancellationToken cancellationToken) =>
        exception is not StepFailedException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
