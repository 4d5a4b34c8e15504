using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Execution;

/// <summary>
/// Runs one step through its runner, with the run's edition around it (<see cref="RunEdition"/>, read once when the
/// run started): its composed step middleware wraps every step, and model output goes through
/// <see cref="IProFeatures.EnhanceText"/>. Without an edition it is exactly the runner call. A shell step without <c>output</c> prints its standard output: straight to the
/// console while it runs when nothing needs the text, otherwise after the middleware has seen it.
/// </summary>
internal sealed class StepPipeline
{
    private readonly ShellStepRunner _shell;
    private readonly ModelStepRunner _models;
    private readonly IProFeatures? _features;
    private readonly IStepMiddleware? _middleware;
    private readonly TextWriter _output;
    private readonly bool _outputIsConsole;
    private readonly IReadOnlySet<string> _awaited;
    private readonly WorkflowCallRunner? _calls;

    /// <summary>Creates the pipeline of one run.</summary>
    /// <param name="shell">Runs shell steps.</param>
    /// <param name="models">Runs model steps.</param>
    /// <param name="edition">The run's edition: features and composed middleware.</param>
    /// <param name="output">Where output of steps without <c>output</c> goes.</param>
    /// <param name="awaited">The <c>workflow.step</c> keys some step waits for: their output is always captured.</param>
    /// <param name="calls">Runs workflow steps (<c>type: workflow</c>) through this same pipeline.</param>
    public StepPipeline(ShellStepRunner shell, ModelStepRunner models, RunEdition edition, TextWriter output, IReadOnlySet<string> awaited, WorkflowCallRunner? calls = null)
    {
        _calls = calls;
        _shell = shell;
        _models = models;
        _features = edition.Features;
        _middleware = edition.Middleware;
        _output = output;
        _outputIsConsole = ReferenceEquals(output, Console.Out);
        _awaited = awaited;
    }

    /// <summary>Runs the step once; <paramref name="attemptId"/> is the durable engine's stable id of this execution (shell steps see it).</summary>
    public async Task<StepOutcome> RunAsync(string workflow, WorkflowStep step, IVariables variables, CancellationToken cancellationToken, string? attemptId = null)
    {
        var outcome = await RunCoreAsync(workflow, step, variables, attemptId, cancellationToken).ConfigureAwait(false);
        if (step is ShellStep { Output: null } && !outcome.Streamed && outcome.Output.Length > 0)
        {
            _output.WriteLine(outcome.Output);
        }

        return outcome;
    }

    private async Task<StepOutcome> RunCoreAsync(string workflow, WorkflowStep step, IVariables variables, string? attemptId, CancellationToken cancellationToken)
    {
        StepOutcome? ran = null;
        async ValueTask<string> Run(CancellationToken token)
        {
            ran = step switch
            {
                ShellStep shell => await _shell.RunAsync(shell, variables, Captures(workflow, shell), token, attemptId).ConfigureAwait(false),
                ModelStep model => await RunModelAsync(workflow, model, variables, token).ConfigureAwait(false),
                WorkflowCallStep call when _calls is not null => await _calls.RunAsync(this, call, variables, token).ConfigureAwait(false),
                _ => throw new StepFailedException($"steps of type '{step.Kind}' cannot run in this runtime version"),
            };
            return ran.Output;
        }

        if (_middleware is not { } middleware)
        {
            await Run(cancellationToken).ConfigureAwait(false);
            return ran!;
        }

        var output = await middleware.InvokeAsync(new StepContext(workflow, step, variables), Run, cancellationToken).ConfigureAwait(false);
        return (ran ?? new StepOutcome(output)) with { Output = output };
    }

    /// <summary>Returns whether the step's output is captured: always for model steps; for shell steps, by the rule below.</summary>
    public bool Captures(string workflow, WorkflowStep step) =>
        Captures(step, _awaited.Contains(workflow + "." + step.Name), CapturesAll(_middleware is not null, _outputIsConsole));

    /// <summary>
    /// Whether a step's text is captured (and recorded): always for model steps and calls; for a shell step, when someone
    /// needs it (a variable, a schema to check, a waiter) or when <paramref name="all"/> text is (see <see cref="CapturesAll"/>).
    /// </summary>
    /// <remarks>The durable engine decides with this too, so both engines record the same.</remarks>
    public static bool Captures(WorkflowStep step, bool awaited, bool all) =>
        step is not ShellStep shell || shell.Output is not null || shell.OutputSchema is not null || awaited || all;

    /// <summary>Every step's text is captured when middleware may read it, or when output goes elsewhere than the console (nothing streams there).</summary>
    public static bool CapturesAll(bool middleware, bool outputIsConsole) => middleware || !outputIsConsole;

    private async Task<StepOutcome> RunModelAsync(string workflow, ModelStep step, IVariables variables, CancellationToken cancellationToken)
    {
        var outcome = await _models.RunAsync(workflow, step, variables, cancellationToken).ConfigureAwait(false);
        // Structured output is data, validated against its schema: an edition's text enhancement would change it.
        return _features is { } features && step.OutputSchema is null ? outcome with { Output = features.EnhanceText(outcome.Output) } : outcome;
    }
}
