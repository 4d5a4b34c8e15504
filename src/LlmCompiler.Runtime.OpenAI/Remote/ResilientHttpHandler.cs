using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmCompiler.Runtime.Remote;

/// <summary>
/// Sends each request through a Polly pipeline: retries with exponential backoff and jitter on 429, 408, 5xx,
/// connection failures and timeouts (honouring <c>Retry-After</c>), and a timeout per attempt.
/// </summary>
/// <remarks>
/// The OpenAI SDK's own retry policy is switched off (see <see cref="OpenAIModelBackend"/>) so there is exactly
/// one retry layer. Retries live at the HTTP level because only here are the status code and headers visible.
/// </remarks>
internal sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilientHttpHandler(OpenAIModelBackendOptions options, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();

        // Polly's retry needs at least one attempt to retry; zero retries means no retry strategy at all.
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
            });
        }

        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, token)),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), capped; <see langword="null"/> keeps the exponential backoff.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsEventStream(response))
        {
            // Read the whole body inside the attempt, so the timeout covers it and a connection dropped mid-body
            // is retried. Streamed (server-sent events) bodies are read by the caller as they arrive.
            try
            {
                // ReadAsByteArrayAsync buffers the content in place (net8.0 has no cancellable LoadIntoBufferAsync).
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        return response;
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
}
