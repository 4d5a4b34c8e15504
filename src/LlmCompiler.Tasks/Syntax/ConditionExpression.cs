using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A node of a parsed <c>if</c> expression.</summary>
internal abstract record ConditionExpression(SourceSpan Span);

/// <summary>The kinds of literal a condition can hold.</summary>
internal enum LiteralKind
{
    String,
    Number,
    Boolean,
}

internal sealed record LiteralExpression(string Value, SourceSpan Span) : ConditionExpression(Span)
{
    public LiteralKind Kind { get; init; }
}

internal sealed record VariableExpression(string Name, SourceSpan Span) : ConditionExpression(Span);

internal sealed record NotExpression(ConditionExpression Operand, SourceSpan Span) : ConditionExpression(Span);

internal sealed record BinaryExpression(string Operator, ConditionExpression Left, ConditionExpression Right, SourceSpan Span)
    : ConditionExpression(Span);

/// <summary>A function call such as <c>contains(a, b)</c> or <c>always()</c>; <see cref="NameSpan"/> covers the name.</summary>
internal sealed record CallExpression(string Name, IReadOnlyList<ConditionExpression> Arguments, SourceSpan NameSpan, SourceSpan Span)
    : ConditionExpression(Span);
