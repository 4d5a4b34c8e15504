using System.ComponentModel;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// Runs one attempt of a step through its kind's runner, with the run's edition around it (<see cref="RunEdition"/>,
/// read once when the run started): its composed step middleware wraps every step, and model output goes through
/// <see cref="IProFeatures.EnhanceText"/>. Without an edition it is exactly the runner call. A shell step without
/// <c>output</c> prints its standard output: straight to the console while it runs when nothing needs the text,
/// otherwise after the middleware has seen it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepPipeline
{
    private readonly StepRunners _runners;
    private readonly IProFeatures? _features;
    private readonly IStepMiddleware? _middleware;
    private readonly TextWriter _output;
    private readonly bool _outputIsConsole;
    private readonly IReadOnlySet<string> _awaited;

    /// <summary>Creates the pipeline of one run.</summary>
    /// <param name="runners">The run's step runners.</param>
    /// <param name="edition">The run's edition: features and composed middleware.</param>
    /// <param name="output">Where output of steps without <c>output</c> goes.</param>
    /// <param name="awaited">The <c>workflow.step</c> keys some step waits for: their output is always captured.</param>
    public StepPipeline(StepRunners runners, RunEdition edition, TextWriter output, IReadOnlySet<string> awaited)
    {
        _runners = runners;
        _features = edition.Features;
        _middleware = edition.Middleware;
        _output = output;
        _outputIsConsole = ReferenceEquals(output, Console.Out);
        _awaited = awaited;
    }

    /// <summary>Runs the step once; <paramref name="attemptId"/> is the durable engine's stable id of this execution (shell steps see it).</summary>
    public async Task<StepOutcome> RunAsync(string workflow, WorkflowStep step, IVariables variables, CancellationToken cancellationToken, string? attemptId = null)
    {
        var attempt = new StepAttempt(workflow, step, variables, Captures(workflow, step), attemptId, this);
        var outcome = await RunCoreAsync(attempt, cancellationToken).ConfigureAwait(false);
        if (step is ShellStep { Output: null } && !outcome.Streamed && outcome.Text.Length > 0)
        {
            _output.WriteLine(outcome.Text);
        }

        return outcome;
    }

    private async Task<StepOutcome> RunCoreAsync(StepAttempt attempt, CancellationToken cancellationToken)
    {
        var runner = _runners.For(attempt.Step);
        StepOutcome? ran = null;
        async ValueTask<string> Run(CancellationToken token)
        {
            ran = Enhanced(attempt.Step, await runner.RunAsync(attempt, token).ConfigureAwait(false));
            return ran.Text;
        }

        if (_middleware is not { } middleware)
        {
            await Run(cancellationToken).ConfigureAwait(false);
            return ran!;
        }

        var output = await middleware.InvokeAsync(new StepContext(attempt.Workflow, attempt.Step, attempt.Variables), Run, cancellationToken).ConfigureAwait(false);
        return (ran ?? new StepOutcome(output)) with { Output = output };
    }

    /// <summary>Returns whether the step's output is captured, by <see cref="StepRules.Captures"/>.</summary>
    public bool Captures(string workflow, WorkflowStep step) =>
        StepRules.Captures(step, _awaited.Contains(workflow + "." + step.Name), StepRules.CapturesAll(_middleware is not null, _outputIsConsole));

    /// <summary>An edition's text enhancement, on model text only: structured output is data, validated against its schema.</summary>
    private StepOutcome Enhanced(WorkflowStep step, StepOutcome outcome) =>
        _features is { } features && step is ModelStep { OutputSchema: null } ? outcome with { Output = features.EnhanceText(outcome.Text) } : outcome;
}
