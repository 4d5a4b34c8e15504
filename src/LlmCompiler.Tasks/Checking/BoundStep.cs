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

    /// <summary>Gets whether the condition calls success(), failure() or always().</summary>
    public bool ChecksStatus { get; init; }

    public SourceSpan ConditionSpan { get; init; }

    public SourceSpan OutputSpan { get; init; }

    public double? Timeout { get; init; }

    public int? MaxAttempts { get; init; }

    public double? RetryBackoff { get; init; }

    public bool ContinueOnError { get; init; }

    public IReadOnlyList<BoundEnv> Env { get; init; } = [];

    public Template? WorkingDirectory { get; init; }

    /// <summary>Gets the shell: sh, bash or pwsh.</summary>
    public string Shell { get; init; } = "sh";

    /// <summary>Gets every variable the step reads (templates and condition), for the data-flow checks.</summary>
    public IReadOnlyList<VariableRead> Reads { get; init; } = [];
}
