using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked workflow.</summary>
internal sealed record BoundWorkflow(string Name, SourceSpan Span, IReadOnlyList<BoundStep> Steps)
{
    public IReadOnlyList<BoundInput> Inputs { get; init; } = [];

    /// <summary>Gets the workflow-level <c>env</c>; the emitter merges it into each shell step's environment.</summary>
    public IReadOnlyList<BoundEnv> Env { get; init; } = [];

    /// <summary>Gets the <c>outputs</c>: what a call of the workflow returns, each a template over its variables.</summary>
    public IReadOnlyList<BoundArgument> Outputs { get; init; } = [];

    /// <summary>Gets the variables the <c>outputs</c> read, for the data-flow checks.</summary>
    public IReadOnlyList<VariableRead> OutputReads { get; init; } = [];

    /// <summary>Gets whether a step of some workflow calls this one, so the program does not start it on its own.</summary>
    public bool IsCalled { get; init; }
}
