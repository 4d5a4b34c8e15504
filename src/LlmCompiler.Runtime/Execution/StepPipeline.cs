using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Execution;

/// <summary>
/// Runs one step through its runner, with the registered edition's hooks around it: step middleware wraps every
/// step, and model output goes through <see cref="ProFeatures.EnhanceTextIfAvailable"/>. With nothing registered
/// it is exactly the runner call.
/// </summary>
internal sealed class StepPipeline
{
    private readonly ShellStepRunner _shell;
    private readonly ModelStepRunner _models;

    public StepPipeline(ShellStepRunner shell, ModelStepRunner models)
    {
        _shell = shell;
        _models = models;
    }

    public async Task<StepOutcome> RunAsync(string workflow, WorkflowStep step, IVariables variables, CancellationToken cancellationToken)
    {
        StepOutcome? ran = null;
        async ValueTask<string> Run(CancellationToken token)
        {
            ran = step switch
            {
                ShellStep shell => await _shell.RunAsync(shell, variables, token).ConfigureAwait(false),
                ModelStep model => await RunModelAsync(model, variables, token).ConfigureAwait(false),
                _ => throw new StepFailedException($"steps of type '{step.Kind}' cannot run in this runtime version"),
            };
            return ran.Output;
        }

        if (ProFeatures.Current?.StepMiddleware is not { } middleware)
        {
            await Run(cancellationToken).ConfigureAwait(false);
            return ran!;
        }

        var output = await middleware.InvokeAsync(new StepContext(workflow, step, variables), Run, cancellationToken).ConfigureAwait(false);
        return (ran ?? new StepOutcome(output)) with { Output = output };
    }

    private async Task<StepOutcome> RunModelAsync(ModelStep step, IVariables variables, CancellationToken cancellationToken)
    {
        var outcome = await _models.RunAsync(step, variables, cancellationToken).ConfigureAwait(false);
        return ProFeatures.IsAvailable ? outcome with { Output = ProFeatures.EnhanceTextIfAvailable(outcome.Output) } : outcome;
    }
}
