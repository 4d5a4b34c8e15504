using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// <c>type: mcp</c>: one tool call on an MCP server the workflow declares, no model involved. The server is resolved by
/// <see cref="McpServerBinder"/>; the runtime step carries its definition, and LlmCompiler.Runtime.Mcp runs it.
/// </summary>
internal sealed class McpKind : StepKind
{
    public McpKind()
        : base("mcp", "One tool call on an MCP server, no model involved.", StepTypes.Mcp)
    {
    }

    public override string Article => "an";

    public override string RuntimeType => "McpStep";

    public override MermaidShape Shape => MermaidShape.Rectangle;

    public override BackendPackage Backend { get; } = new("LlmCompiler.Runtime.Mcp", "LlmCompilerAddMcpBackend");

    public override StepConstruction Construct(BoundStep step, Func<string, string> classOf) =>
        new($"{Server(step.McpServer!)}, {CSharpLiteral.String(step.Fields.Get<string>(StepFields.Tool)!)}");

    /// <summary>The runtime's <c>McpServer</c> record, as written (<c>${VAR}</c> is read when the server starts).</summary>
    public static string Server(BoundMcpServer server)
    {
        var properties = new List<string>();
        if (server.Command is { } command)
        {
            properties.Add($"Command = {CSharpLiteral.String(command)}");
        }

        if (server.Args.Count > 0)
        {
            properties.Add($"Arguments = new string[] {{ {string.Join(", ", server.Args.Select(CSharpLiteral.String))} }}");
        }

        if (server.Env.Count > 0)
        {
            properties.Add($"Environment = {Pairs(server.Env)}");
        }

        if (server.Url is { } url)
        {
            properties.Add($"Url = {CSharpLiteral.String(url)}");
        }

        if (server.Headers.Count > 0)
        {
            properties.Add($"Headers = {Pairs(server.Headers)}");
        }

        return $"new global::LlmCompiler.Runtime.McpServer({CSharpLiteral.String(server.Name)}) {{ {string.Join(", ", properties)} }}";
    }

    private static string Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs) =>
        $"new global::System.Collections.Generic.KeyValuePair<string, string>[] {{ {string.Join(", ", pairs.Select(p => $"new({CSharpLiteral.String(p.Key)}, {CSharpLiteral.String(p.Value)})"))} }}";
}
