using System.ComponentModel;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// The run-time half of a step kind: runs one attempt of one of its steps (or items). A run makes one of each
/// (<see cref="StepRunners"/>); the durable engine makes them once per worker. Timeout and retry are the engines'
/// (<see cref="AttemptRules"/>), middleware the pipeline's: a runner only does the step's own work.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStepRunner
{
    /// <summary>Whether this runner runs <paramref name="step"/> (the step is of its kind).</summary>
    bool Runs(WorkflowStep step);

    /// <summary>Runs one attempt; a failure throws (<see cref="StepFailedException"/> for one meant for the user).</summary>
    Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>One attempt of a step or item, as its runner receives it.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step.</param>
/// <param name="Variables">What the step reads (an item's view for a foreach item).</param>
/// <param name="CapturesText">Whether the step's text is captured; when not, a shell step writes straight to the console.</param>
/// <param name="AttemptId">The durable engine's stable id of this execution (shell steps see it), or <see langword="null"/>.</param>
/// <param name="Pipeline">The pipeline the attempt runs in: a call runs the called workflow's steps through it.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record StepAttempt(string Workflow, WorkflowStep Step, IVariables Variables, bool CapturesText, string? AttemptId, StepPipeline Pipeline)
{
    /// <summary>Gets the foreach item's 0-based index, or <see langword="null"/> for a step's own attempt (both engines give an item its <see cref="ItemVariables"/>).</summary>
    public int? Item => Variables is ItemVariables item ? item.Index : null;
}
