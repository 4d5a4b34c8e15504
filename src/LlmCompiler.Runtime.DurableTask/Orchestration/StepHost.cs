using LlmCompiler.Runtime.Execution;
using LlmCompiler.Runtime.Recording;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// What a worker runs steps with: the embedded runner's own pipeline (shell runner, model backends, the edition's
/// middleware), one per worker process. Only the step's <c>timeout</c> applies here; <c>retry</c> is the engine's.
/// </summary>
internal sealed class StepHost : IDisposable
{
    private readonly RunBackends _backends;
    private readonly ShellStepRunner _shell;
    private readonly StepPipeline _pipeline;
    private readonly StepAttemptRunner _attempts;

    public StepHost(WorkflowRunOptions options, ProgramCatalog catalog)
    {
        var reporter = new RunReporter(options);
        _backends = new RunBackends(options, options.Quiet ? null : reporter.Log);
        _shell = new ShellStepRunner(reporter.Log, options.WorkingDirectory);

        // Output is recorded and printed by the client, never on the worker's console: every step's text is captured.
        _pipeline = new StepPipeline(_shell, new ModelStepRunner(_backends, new ModelReplies(options.Recording, options.ResponseCache)), RunEdition.Current(), TextWriter.Null, catalog.Awaited);
        _attempts = new StepAttemptRunner(reporter);
    }

    public Task<StepOutcome> RunAsync(Workflow workflow, WorkflowStep step, IVariables variables, string attemptId, CancellationToken cancellationToken) =>
        _attempts.RunAsync(workflow, step, token => _pipeline.RunAsync(workflow.Name, step, variables, token, attemptId), cancellationToken, retry: false);

    public void Dispose()
    {
        _shell.Dispose();
        _backends.Dispose();
    }
}
