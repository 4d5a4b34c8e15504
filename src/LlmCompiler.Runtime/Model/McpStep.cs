namespace LlmCompiler.Runtime;

/// <summary>
/// A step that calls one tool of an MCP server (<c>type: mcp</c>), no model involved. Its arguments are templates
/// rendered to text and turned into JSON values by the tool's input schema (numbers stay numbers); its output is the
/// tool's structured content as compact JSON when it has one, else its text. Run by the LlmCompiler.Runtime.Mcp package.
/// </summary>
public sealed class McpStep : WorkflowStep
{
    /// <summary>Creates an MCP step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="server">The server the tool belongs to.</param>
    /// <param name="tool">The tool's name on that server.</param>
    public McpStep(string name, McpServer server, string tool)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(tool);
        Server = server;
        Tool = tool;
    }

    /// <inheritdoc/>
    public override string Kind => "mcp";

    /// <summary>Gets the server.</summary>
    public McpServer Server { get; }

    /// <summary>Gets the tool's name.</summary>
    public string Tool { get; }

    /// <summary>Gets the tool's arguments (<c>arguments</c>), rendered from the step's variables.</summary>
    public Func<IVariables, IReadOnlyList<KeyValuePair<string, string>>>? Arguments { get; init; }
}
