using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// Runs the steps of a kind whose backend is itself a runner (<c>mcp</c>: LlmCompiler.Runtime.Mcp registers its
/// server registry, which runs the tool calls), so a kind from another package needs no line of its own here. Asked
/// last: a kind the runtime runs itself never creates a backend through it.
/// </summary>
internal sealed class BackendStepRunner(RunBackends backends) : IStepRunner
{
    public bool Runs(WorkflowStep step) => backends.Get<object>(step.Kind) is IStepRunner;

    public Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken) =>
        backends.Get<IStepRunner>(attempt.Step.Kind)!.RunAsync(attempt, cancellationToken);
}
