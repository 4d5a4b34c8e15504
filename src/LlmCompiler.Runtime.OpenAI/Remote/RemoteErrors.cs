using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace LlmCompiler.Runtime.Remote;

/// <summary>Turns what the HTTP stack and the OpenAI SDK throw into one line a user can act on, without secrets.</summary>
/// <remarks>
/// The SDK's own messages carry the whole response body and headers; a server may echo the API key there
/// (OpenAI does, masked; a proxy might not). So messages are rebuilt from parts, and the key is redacted
/// from every part that came from the server.
/// </remarks>
internal static class RemoteErrors
{
    private const int MaxServerMessageLength = 500;

    public static string Describe(Exception exception, OpenAIModelBackendOptions options)
    {
        var attempts = options.MaxRetries + 1;
        var endpoint = Endpoint(options.BaseUrl);
        var message = Find<TimeoutRejectedException>(exception) is not null
            ? $"the model server at {endpoint} did not answer within {Seconds(options.RequestTimeout)} ({Tries(attempts)})"
            : Find<HttpRequestException>(exception) is { } http
                ? $"could not reach the model server at {endpoint}: {http.Message} ({Tries(attempts)})"
                : Find<ClientResultException>(exception) is { Status: > 0 } result
                    ? FromStatus(result, attempts)
                    : Find<JsonException>(exception) is { } json
                        ? $"the model server's answer is not a valid chat completion: {json.Message}"
                        : $"the model request failed: {exception.GetType().Name}: {exception.Message}";
        return Redact(message, options.ApiKey);
    }

    /// <summary>Replaces every occurrence of <paramref name="secret"/> with <c>***</c>.</summary>
    public static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    /// <summary>The endpoint as shown in messages: no user info, query or fragment, which could hold credentials.</summary>
    public static string Endpoint(Uri baseUrl) => $"{baseUrl.Scheme}://{baseUrl.Authority}{baseUrl.AbsolutePath}";

    private static string FromStatus(ClientResultException exception, int attempts)
    {
        var response = exception.GetRawResponse();
        var status = (HttpStatusCode)exception.Status;
        var reason = response?.ReasonPhrase is { Length: > 0 } phrase ? phrase : status.ToString();
        var detail = response is null ? null : ServerMessage(response.Content);
        var retried = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || exception.Status >= 500
            ? $" ({Tries(attempts)})"
            : string.Empty;
        return $"the model server answered {exception.Status.ToString(CultureInfo.InvariantCulture)} {reason}" +
            (detail is null ? string.Empty : ": " + detail) + retried;
    }

    /// <summary>The <c>error.message</c> of an OpenAI-style error body, else the body's text, shortened.</summary>
    private static string? ServerMessage(BinaryData? content)
    {
        if (content is null || content.ToMemory().IsEmpty)
        {
            return null;
        }

        string text;
        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            text = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                    ? error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                        ? message.ToString()
                        : error.ToString()
                    : content.ToString();
        }
        catch (JsonException)
        {
            text = content.ToString();
        }

        text = text.Trim();
        return text.Length <= MaxServerMessageLength ? text : text[..MaxServerMessageLength] + "…";
    }

    private static string Tries(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts.ToString(CultureInfo.InvariantCulture)} attempts";

    private static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }

            if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate && Find<T>(aggregate.InnerExceptions[0]) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
