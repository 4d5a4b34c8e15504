using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A step as written. Fields are null when absent; the checker decides which are required.</summary>
internal sealed record StepSyntax(SourceSpan Span)
{
    public ScalarSyntax? Name { get; init; }

    public ScalarSyntax? Type { get; init; }

    public ScalarSyntax? Command { get; init; }

    public ScalarSyntax? Prompt { get; init; }

    public ScalarSyntax? System { get; init; }

    public ScalarSyntax? Model { get; init; }

    public ScalarSyntax? Output { get; init; }

    public ScalarSyntax? If { get; init; }

    public ScalarSyntax? WaitFor { get; init; }

    public Located<int>? WaitTimeout { get; init; }

    public Located<int>? MaxTokens { get; init; }

    public Located<double>? Temperature { get; init; }

    public Located<double>? TopP { get; init; }

    public Located<int>? TopK { get; init; }

    public Located<long>? Seed { get; init; }

    public IReadOnlyList<ScalarSyntax>? Stop { get; init; }

    public Located<double>? Timeout { get; init; }

    public RetrySyntax? Retry { get; init; }

    public Located<bool>? ContinueOnError { get; init; }

    public IReadOnlyList<EnvSyntax>? Env { get; init; }

    public ScalarSyntax? WorkingDirectory { get; init; }

    public ScalarSyntax? Shell { get; init; }

    /// <summary>Gets the span of each field key present, for messages about a field as a whole.</summary>
    public IReadOnlyDictionary<string, SourceSpan> Keys { get; init; } = new Dictionary<string, SourceSpan>();
}
