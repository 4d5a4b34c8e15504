using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>An <c>if</c> as written: its span and its parsed expression (<see langword="null"/> after a syntax error).</summary>
internal sealed record ConditionSyntax(SourceSpan Span, ConditionExpression? Expression);
