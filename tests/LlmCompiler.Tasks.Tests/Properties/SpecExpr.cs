namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>A condition of a generated workflow; <see cref="SpecRenderer"/> writes it, <see cref="ReferenceEvaluator"/> evaluates it.</summary>
internal abstract record SpecExpr;

internal sealed record LitExpr(string Text, SpecType Type) : SpecExpr;

internal sealed record VarExpr(string Name, bool Braces) : SpecExpr;

internal sealed record NotExpr(SpecExpr Operand) : SpecExpr;

internal sealed record BinExpr(string Op, SpecExpr Left, SpecExpr Right) : SpecExpr;

internal sealed record CallExpr(string Name, IReadOnlyList<SpecExpr> Arguments) : SpecExpr;
