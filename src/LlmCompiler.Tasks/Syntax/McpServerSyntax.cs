namespace LlmCompiler.Tasks.Syntax;

/// <summary>One entry of a workflow's <c>mcp_servers</c>: its name and its settings (<see cref="Language.McpServerFields"/>).</summary>
internal sealed record McpServerSyntax(ScalarSyntax Name, FieldValues Fields);
