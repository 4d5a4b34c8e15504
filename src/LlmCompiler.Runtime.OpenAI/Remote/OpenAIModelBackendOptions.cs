using Microsoft.Extensions.Logging;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Settings of <see cref="OpenAIModelBackend"/>: where the OpenAI-compatible server is and how to talk to it.</summary>
/// <remarks>
/// <see cref="FromEnvironment()"/> reads the same variables as the original tool (<c>OPENAI_API_KEY</c>,
/// <c>OPENAI_BASE_URL</c>, <c>OPENAI_MODEL</c>) plus <c>LLMC_LLM_*</c> variables for the limits.
/// </remarks>
public sealed record OpenAIModelBackendOptions
{
    /// <summary>The variable that holds the API key.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The variable that holds the server's base URL, for example <c>http://127.0.0.1:8000/v1</c>.</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    /// <summary>The variable that names the model of <c>llm</c> steps without a <c>model</c>.</summary>
    public const string ModelVariable = "OPENAI_MODEL";

    /// <summary>The variable that sets <see cref="MaxConcurrency"/>.</summary>
    public const string MaxConcurrencyVariable = "LLMC_LLM_MAX_CONCURRENCY";

    /// <summary>The variable that sets <see cref="RequestTimeout"/>, in seconds.</summary>
    public const string TimeoutVariable = "LLMC_LLM_TIMEOUT_SECONDS";

    /// <summary>The variable that sets <see cref="MaxRetries"/>.</summary>
    public const string MaxRetriesVariable = "LLMC_LLM_MAX_RETRIES";

    /// <summary>The endpoint used when no base URL is given.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    /// <summary>Gets the server's base URL (the part before <c>/chat/completions</c>).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Gets the API key, or <see langword="null"/>. A key is required unless <see cref="BaseUrl"/> is on loopback.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets the model of steps that name none, or <see langword="null"/>.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Gets how many requests may be in flight to the endpoint at once; the rest wait their turn.</summary>
    /// <value>Defaults to 8.</value>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Gets how long one HTTP attempt may take before it is abandoned (and retried).</summary>
    /// <value>Defaults to 5 minutes: long generations are normal.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how many times a failed attempt (429, 5xx, connection failure, timeout) is retried.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Gets the delay before the first retry; later ones grow exponentially, with jitter.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait between attempts, a server's <c>Retry-After</c> included.</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the logger factory of the client pipeline's logging middleware, or <see langword="null"/> for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Gets a configuration error found by <see cref="FromEnvironment()"/>; steps fail with it instead of the program crashing.</summary>
    internal string? ConfigurationError { get; init; }

    /// <summary>Reads the settings from the environment. Bad values do not throw: <c>llm</c> steps fail with a message naming the variable.</summary>
    /// <returns>The settings.</returns>
    public static OpenAIModelBackendOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    internal static OpenAIModelBackendOptions FromEnvironment(Func<string, string?> read)
    {
        var errors = new List<string>();
        var options = new OpenAIModelBackendOptions
        {
            ApiKey = NonEmpty(read(ApiKeyVariable)),
            DefaultModel = NonEmpty(read(ModelVariable)),
        };

        if (NonEmpty(read(BaseUrlVariable)) is { } baseUrl)
        {
            if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                options = options with { BaseUrl = uri };
            }
            else
            {
                errors.Add($"{BaseUrlVariable} is not an http(s) URL: '{baseUrl}'");
            }
        }

        if (ReadInt(read, MaxConcurrencyVariable, minimum: 1, maximum: int.MaxValue, errors) is { } concurrency)
        {
            options = options with { MaxConcurrency = concurrency };
        }

        if (ReadInt(read, TimeoutVariable, minimum: 1, maximum: 86_400, errors) is { } seconds)
        {
            options = options with { RequestTimeout = TimeSpan.FromSeconds(seconds) };
        }

        if (ReadInt(read, MaxRetriesVariable, minimum: 0, maximum: 100, errors) is { } retries)
        {
            options = options with { MaxRetries = retries };
        }

        return errors.Count == 0 ? options : options with { ConfigurationError = string.Join("; ", errors) };
    }

    /// <summary>Describes the settings without the API key, so logging the options can never leak it.</summary>
    /// <returns>The settings, the key shown only as set or not set.</returns>
    public override string ToString() =>
        $"OpenAIModelBackendOptions {{ BaseUrl = {BaseUrl}, ApiKey = {(ApiKey is null ? "not set" : "set")}, DefaultModel = {DefaultModel}, " +
        $"MaxConcurrency = {MaxConcurrency}, RequestTimeout = {RequestTimeout}, MaxRetries = {MaxRetries} }}";

    private static int? ReadInt(Func<string, string?> read, string variable, int minimum, int maximum, List<string> errors)
    {
        if (NonEmpty(read(variable)) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        errors.Add($"{variable} must be a whole number from {minimum} to {maximum}, not '{text}'");
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
