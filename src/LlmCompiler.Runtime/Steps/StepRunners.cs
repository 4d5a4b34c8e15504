using System.ComponentModel;
using LlmCompiler.Runtime.Recording;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// The runners of one run (of one durable worker): one per step kind, and what they share (the shell spawner, the
/// model backends), disposed together. The kinds this runtime runs are registered on one line, in <see cref="Create"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepRunners : IDisposable, IAsyncDisposable
{
    private readonly IStepRunner[] _runners;
    private readonly ShellStepRunner _shell;
    private readonly RunBackends _backends;
    private readonly Answers.RunAnswers _answers;

    private StepRunners(IStepRunner[] runners, ShellStepRunner shell, RunBackends backends, Answers.RunAnswers answers)
    {
        _runners = runners;
        _shell = shell;
        _backends = backends;
        _answers = answers;
    }

    /// <summary>Gets the run's answers: the questions it parked on, for its record.</summary>
    internal Answers.RunAnswers Answers => _answers;

    /// <summary>Makes the runners of a run; <paramref name="engineRunners"/> are an engine's own (the embedded engine's calls).</summary>
    /// <param name="options">The run's settings: backends, recording, working directory.</param>
    /// <param name="log">Where commands' standard error and backends' progress go.</param>
    /// <param name="engineRunners">Runners the engine adds.</param>
    public static StepRunners Create(WorkflowRunOptions options, TextWriter log, params IStepRunner[] engineRunners)
    {
        var backends = new RunBackends(options, options.Quiet ? null : log);
        var shell = new ShellStepRunner(log, options.WorkingDirectory);
        var models = new ModelStepRunner(backends, new ModelReplies(options.Recording, options.ResponseCache));
        var answers = new Answers.RunAnswers(options, log);
        return new StepRunners([shell, models, new InputStepRunner(answers), .. engineRunners, new BackendStepRunner(backends)], shell, backends, answers);
    }

    /// <summary>The runner of <paramref name="step"/>'s kind.</summary>
    /// <exception cref="StepFailedException">No runner here runs that kind (a program newer than its runtime).</exception>
    public IStepRunner For(WorkflowStep step)
    {
        foreach (var runner in _runners)
        {
            if (runner.Runs(step))
            {
                return runner;
            }
        }

        throw new StepFailedException($"steps of type '{step.Kind}' cannot run in this runtime version");
    }

    /// <summary>Disposes what the runners share: the shell spawner and the backends a step created.</summary>
    public void Dispose()
    {
        _shell.Dispose();
        _backends.Dispose();
        _answers.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Disposes what the runners share, waiting for backends that close asynchronously (an MCP client's server).</summary>
    /// <returns>A task that completes when everything is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        _shell.Dispose();
        await _backends.DisposeAsync().ConfigureAwait(false);
        await _answers.DisposeAsync().ConfigureAwait(false);
    }
}
