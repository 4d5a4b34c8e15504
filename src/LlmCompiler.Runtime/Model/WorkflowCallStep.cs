using System.ComponentModel;

namespace LlmCompiler.Runtime;

/// <summary>A step that runs another workflow (<c>type: workflow</c>) with inputs given by <see cref="With"/>.</summary>
/// <remarks>
/// The called run has its own variables; its steps are recorded under this step (and under each item of a foreach
/// step). The step's output is a JSON object of the called workflow's <see cref="Runtime.Workflow.Outputs"/>; on a
/// foreach step, a JSON array of such objects.
/// </remarks>
public sealed class WorkflowCallStep : WorkflowStep
{
    /// <summary>Creates a workflow step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="workflow">The workflow it runs.</param>
    public WorkflowCallStep(string name, Workflow workflow)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        Workflow = workflow;
    }

    /// <inheritdoc/>
    public override string Kind => "workflow";

    /// <summary>Gets the workflow the step runs.</summary>
    public Workflow Workflow { get; }

    /// <summary>Gets the called workflow's input values (<c>with</c>), rendered from the caller's variables; absent inputs take their defaults.</summary>
    public Func<IVariables, IReadOnlyList<KeyValuePair<string, string>>>? With { get; init; }

    internal override bool OutputIsJson => true;

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override StepPlacement Placement => StepPlacement.Call;
}
