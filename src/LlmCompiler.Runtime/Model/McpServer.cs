namespace LlmCompiler.Runtime;

/// <summary>
/// An MCP server a workflow declares (<c>mcp_servers:</c>): a program started over stdio, or a Streamable HTTP
/// endpoint. Plain data; the LlmCompiler.Runtime.Mcp package connects to it. Values may hold <c>${VAR}</c>
/// references, read from this program's environment when the server starts, so secrets never reach the program file.
/// </summary>
/// <param name="Name">The server's name in the workflow.</param>
public sealed record McpServer(string Name)
{
    /// <summary>Gets the program of a stdio server, or <see langword="null"/> for an HTTP server.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the program's arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the environment the server gets besides PATH and HOME (nothing else of this program's is passed on).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Gets the endpoint of a Streamable HTTP server, or <see langword="null"/> for a stdio server.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the HTTP headers sent to an HTTP server.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Gets a key equal for two declarations of the same server (same name and definition): one server per run serves both.</summary>
    public string Key => string.Join("\u0001", [Name, Command ?? string.Empty, string.Join("\u0002", Arguments),
        string.Join("\u0002", Environment.Select(e => e.Key + "=" + e.Value)), Url ?? string.Empty, string.Join("\u0002", Headers.Select(e => e.Key + "=" + e.Value))]);
}
