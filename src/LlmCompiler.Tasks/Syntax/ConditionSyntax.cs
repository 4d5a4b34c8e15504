using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>
/// An <c>if</c> as written: its span, its text (the YAML scalar's value: quotes and escapes already read, as a user
/// means it) and its parsed expression (<see langword="null"/> after a syntax error).
/// </summary>
internal sealed record ConditionSyntax(SourceSpan Span, string Text, ConditionExpression? Expression);
