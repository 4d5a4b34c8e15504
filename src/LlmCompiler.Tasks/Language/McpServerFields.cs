namespace LlmCompiler.Tasks.Language;

/// <summary>The settings of one entry of a workflow's <c>mcp_servers</c>: a stdio server (<c>command</c>) or an HTTP one (<c>url</c>).</summary>
internal static class McpServerFields
{
    public static readonly FieldDescriptor Command = new("command", ValueKind.Text, "The program of a stdio server, found on PATH (this or `url`).");

    public static readonly FieldDescriptor Args = new("args", ValueKind.TextList, "The program's arguments.");

    public static readonly FieldDescriptor Env = new("env", ValueKind.TextMap, "Environment variables of the server, besides PATH and HOME, the only ones it inherits; values may read `${VAR}`.");

    public static readonly FieldDescriptor Url = new("url", ValueKind.Text, "The endpoint of a Streamable HTTP server (this or `command`).");

    public static readonly FieldDescriptor Headers = new("headers", ValueKind.TextMap, "HTTP headers sent to the server; values may read `${VAR}`.");

    public static IReadOnlyList<FieldDescriptor> All { get; } = [Command, Args, Env, Url, Headers];
}
