namespace LlmCompiler.Runtime;

/// <summary>What a step's <c>if</c> condition reads: the workflow's variables, whether an earlier step has failed and whether the run was cancelled.</summary>
/// <remarks>The runtime implements it. Steps of a workflow run one at a time; the items of a foreach step read it at once, while nothing writes it.</remarks>
public interface IWorkflowState : IVariables
{
    /// <summary>Gets whether a step of the workflow has failed (one without <c>continue_on_error</c>); <c>success()</c> and <c>failure()</c> read it.</summary>
    bool HasFailed { get; }

    /// <summary>Gets whether the run was cancelled (Ctrl+C, SIGTERM or the run's token); <c>cancelled()</c> reads it.</summary>
    /// <value>Defaults to <see langword="false"/> for implementations written before cancellation was part of the state.</value>
    bool IsCancelled => false;
}
