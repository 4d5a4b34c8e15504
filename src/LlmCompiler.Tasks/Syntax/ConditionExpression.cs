using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A node of a parsed <c>if</c> expression.</summary>
internal abstract record ConditionExpression(SourceSpan Span);

internal sealed record LiteralExpression(string Value, SourceSpan Span) : ConditionExpression(Span);

internal sealed record VariableExpression(string Name, SourceSpan Span) : ConditionExpression(Span);

internal sealed record NotExpression(ConditionExpression Operand, SourceSpan Span) : ConditionExpression(Span);

internal sealed record BinaryExpression(string Operator, ConditionExpression Left, ConditionExpression Right, SourceSpan Span)
    : ConditionExpression(Span);
