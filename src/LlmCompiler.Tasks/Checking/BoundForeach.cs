using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked <c>foreach</c> source: its variable is in scope, and a bare variable is known to be an array.</summary>
internal sealed record BoundForeach(ForeachKind Kind, string? Variable, IReadOnlyList<string> Items);
