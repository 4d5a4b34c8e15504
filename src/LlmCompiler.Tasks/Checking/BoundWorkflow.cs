using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked workflow.</summary>
internal sealed record BoundWorkflow(string Name, SourceSpan Span, IReadOnlyList<BoundStep> Steps)
{
    public IReadOnlyList<BoundInput> Inputs { get; init; } = [];

    /// <summary>Gets the workflow-level <c>env</c>; the emitter merges it into each shell step's environment.</summary>
    public IReadOnlyList<BoundEnv> Env { get; init; } = [];
}
