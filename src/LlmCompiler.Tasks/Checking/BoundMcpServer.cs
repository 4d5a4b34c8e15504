namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked MCP server: exactly one of <see cref="Command"/> and <see cref="Url"/>; values as written (<c>${VAR}</c> is the runtime's).</summary>
internal sealed record BoundMcpServer(string Name)
{
    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public string? Url { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
