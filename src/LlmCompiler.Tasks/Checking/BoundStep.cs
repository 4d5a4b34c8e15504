using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked step: every reference resolved, every value in range. The emitter trusts it.</summary>
internal sealed record BoundStep(string Name, StepKind Kind, SourceSpan Span)
{
    public Template? Command { get; init; }

    public Template? Prompt { get; init; }

    public Template? System { get; init; }

    public string? Model { get; init; }

    public string? Output { get; init; }

    public ConditionExpression? Condition { get; init; }

    public string? WaitFor { get; init; }

    public SourceSpan WaitForSpan { get; init; }

    public int? WaitTimeout { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    public long? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];
}
