namespace LlmCompiler.Runtime.Plugins;

/// <summary>Runs the rest of the step pipeline and returns the step's output.</summary>
/// <param name="cancellationToken">Cancels the step.</param>
/// <returns>The step's output.</returns>
public delegate ValueTask<string> StepHandler(CancellationToken cancellationToken);

/// <summary>Wraps the execution of every step: it may look at the step, change its output or answer without running it.</summary>
public interface IStepMiddleware
{
    /// <summary>Runs around one step.</summary>
    /// <param name="context">The step and its workflow's variables.</param>
    /// <param name="next">Runs the step itself (once, or not at all to answer from elsewhere).</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The step's output, as later steps and the run file will see it.</returns>
    /// <remarks>Throw <see cref="StepFailedException"/> to fail the step with a message for the user.</remarks>
    ValueTask<string> InvokeAsync(StepContext context, StepHandler next, CancellationToken cancellationToken);
}
