namespace LlmCompiler.Runtime;

/// <summary>A compiled workflow: a name and the steps that run in order.</summary>
/// <remarks>Instances are immutable and safe to share between runs and threads.</remarks>
public sealed class Workflow
{
    /// <summary>Creates a workflow.</summary>
    /// <param name="name">The workflow name, unique within a program.</param>
    /// <param name="steps">The steps, in the order they run.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="steps"/> is empty.</exception>
    public Workflow(string name, IReadOnlyList<WorkflowStep> steps)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(steps);
        Name = name;
        Steps = steps;
    }

    /// <summary>Gets the workflow name.</summary>
    public string Name { get; }

    /// <summary>Gets the steps, in the order they run.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; private set; }

    /// <summary>Gets the workflow file this workflow was compiled from, for messages.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Gets a hash of the workflow's definition (the compiler emits it), or <see langword="null"/>.</summary>
    /// <remarks>
    /// A run file records it; <c>--resume</c> refuses a run file whose hash differs, since its recorded outputs
    /// belong to other steps. A workflow built by hand without one is never refused.
    /// </remarks>
    public string? DefinitionHash { get; init; }

    /// <summary>Gets the inputs the workflow declares; their values are variables from the first step on.</summary>
    public IReadOnlyList<WorkflowInput> Inputs { get; init; } = [];

    /// <summary>Gets what a call of this workflow returns (<c>outputs</c>): a JSON object with one text field per output.</summary>
    public IReadOnlyList<WorkflowOutput> Outputs { get; init; } = [];

    /// <summary>Gets whether a step of another workflow calls this one (<c>type: workflow</c>).</summary>
    /// <remarks><see cref="WorkflowRunner.RunAsync(IReadOnlyList{Workflow}, WorkflowRunOptions?, CancellationToken)"/> does not start such a workflow on its own; it runs when called.</remarks>
    public bool IsCalled { get; init; }

    /// <summary>Returns a copy of this workflow, every setting kept, with other steps (a test's stand-ins, say).</summary>
    /// <param name="steps">The steps, in the order they run.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is <see langword="null"/>.</exception>
    public Workflow WithSteps(IReadOnlyList<WorkflowStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var copy = (Workflow)MemberwiseClone();
        copy.Steps = steps;
        return copy;
    }
}
