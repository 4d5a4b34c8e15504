namespace LlmCompiler.Tasks.Syntax;

/// <summary>One entry of a name-to-text mapping (<see cref="Language.ValueKind.TextMap"/>): an MCP server's env or header.</summary>
internal sealed record NamedTextSyntax(ScalarSyntax Name, ScalarSyntax Value);
