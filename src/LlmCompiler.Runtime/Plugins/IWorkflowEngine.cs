namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// An engine that runs a program's workflows somewhere other than the embedded runner: the durable engine
/// (LlmCompiler.Runtime.DurableTask) runs them as orchestrations that survive crashes and spread over workers.
/// A plugin registers one with <see cref="ILlmCompilerRegistrations.RegisterEngine"/>; <c>--engine NAME</c> selects it.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>Starts a run, waits for it and returns its record, in the same shape as the embedded runner's.</summary>
    /// <param name="request">The workflows, run options and engine settings.</param>
    /// <param name="cancellationToken">Cancels the run (Ctrl+C or SIGTERM).</param>
    /// <returns>The run's record; failures are in it.</returns>
    /// <exception cref="EngineUnavailableException">The engine's store cannot be reached with the given settings.</exception>
    Task<RunResult> RunAsync(EngineRequest request, CancellationToken cancellationToken);

    /// <summary>Runs a worker, which executes steps of any run of these workflows, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="request">The workflows, run options and engine settings.</param>
    /// <param name="cancellationToken">Stops the worker gracefully.</param>
    /// <returns>A task that completes when the worker has stopped.</returns>
    /// <exception cref="EngineUnavailableException">The engine's store cannot be reached with the given settings.</exception>
    Task WorkAsync(EngineRequest request, CancellationToken cancellationToken);
}
