namespace LlmCompiler.Testing.OpenAIServer;

/// <summary>What the fake server answers to one request.</summary>
public sealed record FakeReply
{
    /// <summary>Gets the HTTP status. Anything but 200 is sent as an OpenAI-style error body.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Gets the assistant's text (status 200) or the error message (other statuses).</summary>
    public string Content { get; init; } = "ok";

    /// <summary>Gets a body sent verbatim instead of a well-formed one (for malformed JSON).</summary>
    public string? RawBody { get; init; }

    /// <summary>Gets how long the server waits before answering; a client that gives up earlier is counted as aborted.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets extra response headers, such as <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the prompt tokens reported in <c>usage</c>.</summary>
    public int PromptTokens { get; init; } = 11;

    /// <summary>Gets the completion tokens reported in <c>usage</c>.</summary>
    public int CompletionTokens { get; init; } = 7;

    /// <summary>An error reply.</summary>
    public static FakeReply Error(int status, string message) => new() { Status = status, Content = message };
}
