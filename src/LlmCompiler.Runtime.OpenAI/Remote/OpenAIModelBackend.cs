using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace LlmCompiler.Runtime.Remote;

/// <summary>
/// The backend of <c>llm</c> steps: chat completions from an OpenAI-compatible server (OpenAI, Azure OpenAI's
/// v1 endpoint, vLLM, llama.cpp's server, Ollama…), or from <see cref="IChatClient"/>s the host registers.
/// </summary>
/// <remarks>
/// <para>
/// Every client it hands out is a Microsoft.Extensions.AI pipeline: a per-endpoint concurrency limit
/// (<see cref="OpenAIModelBackendOptions.MaxConcurrency"/>), OpenTelemetry (activity source and meter
/// <see cref="TelemetrySourceName"/>) and logging (<see cref="OpenAIModelBackendOptions.LoggerFactory"/>).
/// The HTTP client adds retries with backoff and a per-attempt timeout.
/// </para>
/// <para>
/// A generated program uses <see cref="FromEnvironment"/> by default. To serve some models with your own client,
/// implement <c>ConfigureRun</c> in a partial <c>LlmCompilerProgram</c> class:
/// <code>
/// static partial void ConfigureRun(WorkflowRunOptions options) =>
///     options.RemoteModels = OpenAIModelBackend.FromEnvironment().Use("my-model", myChatClient);
/// </code>
/// </para>
/// </remarks>
public sealed class OpenAIModelBackend : IModelBackend, IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and meter of the client pipeline.</summary>
    public const string TelemetrySourceName = "LlmCompiler.Runtime.Llm";

    private readonly ConcurrentDictionary<string, IChatClient> _hostClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _httpClients = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _endpointGate;
    private readonly Lazy<HttpClient> _http;
    private IChatClient? _defaultClient;

    /// <summary>Creates a backend with the given settings. Nothing connects until a step runs.</summary>
    /// <param name="options">The settings.</param>
    public OpenAIModelBackend(OpenAIModelBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options));

        // Polly's limits, checked here so a bad value fails at start-up rather than at the first request.
        if (options.RequestTimeout < TimeSpan.FromMilliseconds(10) || options.RequestTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestTimeout, "RequestTimeout must be between 10 ms and 24 hours.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromDays(1)
            || options.MaxRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RetryBaseDelay must be between 0 and 24 hours and MaxRetryDelay between 0 (excluded) and 24 hours.");
        }
        Options = options;
        _endpointGate = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _http = new Lazy<HttpClient>(CreateHttpClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the settings.</summary>
    public OpenAIModelBackendOptions Options { get; }

    /// <summary>Creates a backend configured by <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_MODEL</c> and <c>LLMC_LLM_*</c>.</summary>
    /// <returns>The backend.</returns>
    public static OpenAIModelBackend FromEnvironment() => new(OpenAIModelBackendOptions.FromEnvironment());

    /// <summary>Serves steps whose model is <paramref name="model"/> with <paramref name="client"/> instead of the HTTP server.</summary>
    /// <param name="model">The model name, as steps or <c>OPENAI_MODEL</c> give it.</param>
    /// <param name="client">The client; the host keeps ownership and disposes it.</param>
    /// <returns>This backend, to chain calls.</returns>
    public OpenAIModelBackend Use(string model, IChatClient client)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(client);
        _hostClients[model] = Wrap(client, new SemaphoreSlim(Options.MaxConcurrency, Options.MaxConcurrency), translateErrors: false);
        return this;
    }

    /// <summary>Serves every model without a client of its own with <paramref name="client"/>; no HTTP server is used.</summary>
    /// <param name="client">The client; the host keeps ownership and disposes it.</param>
    /// <returns>This backend, to chain calls.</returns>
    public OpenAIModelBackend UseDefault(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _defaultClient = Wrap(client, new SemaphoreSlim(Options.MaxConcurrency, Options.MaxConcurrency), translateErrors: false);
        return this;
    }

    /// <inheritdoc/>
    /// <exception cref="StepFailedException">No model is known, or the server needs an API key and none is set.</exception>
    public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var name = model ?? Options.DefaultModel;
        if (name is not null && _hostClients.TryGetValue(name, out var hosted))
        {
            return ValueTask.FromResult(hosted);
        }

        if (_defaultClient is { } fallback)
        {
            return ValueTask.FromResult(fallback);
        }

        if (Options.ConfigurationError is { } error)
        {
            throw new StepFailedException($"the llm backend is misconfigured: {error}");
        }

        if (name is null)
        {
            throw new StepFailedException(
                $"the {step.Kind} step has no model: give it a 'model', or set the {OpenAIModelBackendOptions.ModelVariable} environment variable");
        }

        if (Options.ApiKey is null && !Options.BaseUrl.IsLoopback)
        {
            throw new StepFailedException(
                $"no API key for the model server at {RemoteErrors.Endpoint(Options.BaseUrl)}: set the {OpenAIModelBackendOptions.ApiKeyVariable} " +
                $"environment variable (a server on loopback, set with {OpenAIModelBackendOptions.BaseUrlVariable}, needs none)");
        }

        var client = _httpClients.GetOrAdd(name, static (key, self) => new Lazy<IChatClient>(() => self.CreateChatClient(key)), this);
        return ValueTask.FromResult(client.Value);
    }

    /// <summary>Closes the HTTP connections. Clients registered by the host are not disposed.</summary>
    public void Dispose()
    {
        foreach (var client in _httpClients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }

        _endpointGate.Dispose();
    }

    private IChatClient CreateChatClient(string model)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = Options.BaseUrl,
            Transport = new HttpClientPipelineTransport(_http.Value),

            // Retries and timeouts belong to ResilientHttpHandler; two retry layers would multiply attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (LegacyMaxTokensPolicy.AppliesTo(Options.BaseUrl))
        {
            clientOptions.AddPolicy(new LegacyMaxTokensPolicy(), PipelinePosition.PerCall);
        }

        if (Options.ApiKey is null)
        {
            clientOptions.AddPolicy(new OmitAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        var credential = new ApiKeyCredential(Options.ApiKey ?? OmitAuthorizationPolicy.PlaceholderKey);
        var chat = new ChatClient(model, credential, clientOptions).AsIChatClient();
        return Wrap(chat, _endpointGate, translateErrors: true);
    }

    /// <summary>The middleware every client gets, outermost first: the limit (so telemetry times the request, not the queue), telemetry, logging, error translation.</summary>
    private IChatClient Wrap(IChatClient client, SemaphoreSlim gate, bool translateErrors)
    {
        var loggerFactory = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        var builder = new ChatClientBuilder(client)
            .Use(inner => new ConcurrencyLimitingChatClient(inner, gate))
            .UseOpenTelemetry(loggerFactory, TelemetrySourceName)
            .UseLogging(loggerFactory);
        if (translateErrors)
        {
            builder.Use(inner => new RemoteErrorChatClient(inner, Options));
        }

        return builder.Build();
    }

    private HttpClient CreateHttpClient()
    {
        var sockets = new SocketsHttpHandler
        {
            // Servers behind DNS (a fleet, a load balancer) come and go; recycle connections now and then.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        return new HttpClient(new ResilientHttpHandler(Options, sockets)) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
