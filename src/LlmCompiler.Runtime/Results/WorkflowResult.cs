namespace LlmCompiler.Runtime;

/// <summary>The record of one workflow in a run.</summary>
public sealed record WorkflowResult
{
    /// <summary>Gets the workflow name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the outcome.</summary>
    public RunStatus Status { get; init; }

    /// <summary>Gets the variables the workflow ended with (outputs and values received through <c>wait_for</c>).</summary>
    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    /// <summary>Gets the hash of the workflow's definition (<see cref="Workflow.DefinitionHash"/>), or <see langword="null"/>.</summary>
    public string? DefinitionHash { get; init; }

    /// <summary>Gets the input values the workflow ran with, by input name; <c>--resume</c> reuses them.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets a record per step, in workflow order.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }
}
