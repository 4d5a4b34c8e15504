using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A workflow as written: one YAML document (or one item of a top-level list).</summary>
internal sealed record WorkflowSyntax(SourceSpan Span, ScalarSyntax? Name, IReadOnlyList<StepSyntax> Steps)
{
    public IReadOnlyList<InputSyntax> Inputs { get; init; } = [];

    public IReadOnlyList<EnvSyntax> Env { get; init; } = [];

    /// <summary>Gets the <c>outputs</c>: what a call of this workflow returns.</summary>
    public IReadOnlyList<ArgumentSyntax> Outputs { get; init; } = [];

    /// <summary>Gets the <c>mcp_servers</c>: the MCP servers its steps use.</summary>
    public IReadOnlyList<McpServerSyntax> McpServers { get; init; } = [];
}
