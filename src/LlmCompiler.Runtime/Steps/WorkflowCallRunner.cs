using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Scheduling;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// Runs a workflow step (<c>type: workflow</c>): binds the called workflow's inputs from <c>with</c>, runs its steps as
/// one more <see cref="WorkflowExecution"/> of the same run (same pipeline, backends and reporter), and renders its
/// <c>outputs</c> into a JSON object. Each call has its own variables, so calls of one workflow can run at once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkflowCallRunner : IStepRunner
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StepSignals _signals;
    private readonly RunReporter _reporter;

    /// <summary>Creates the embedded engine's call runner, which runs called workflows as nested executions of the same run.</summary>
    public WorkflowCallRunner(StepSignals signals, RunReporter reporter)
    {
        _signals = signals;
        _reporter = reporter;
    }

    /// <inheritdoc/>
    public bool Runs(WorkflowStep step) => step is WorkflowCallStep;

    /// <inheritdoc/>
    public Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(attempt.Pipeline, (WorkflowCallStep)attempt.Step, attempt.Variables, cancellationToken);

    /// <summary>Runs the call; a failed called run throws <see cref="StepFailedException"/> carrying the run's record (<see cref="CalledRun"/>).</summary>
    public async Task<StepOutcome> RunAsync(StepPipeline pipeline, WorkflowCallStep step, IVariables variables, CancellationToken cancellationToken)
    {
        var inputs = Inputs(step, variables);
        var execution = new WorkflowExecution(step.Workflow, _signals, pipeline, _reporter, inputs);
        var run = await execution.RunAsync(cancellationToken, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Outcome(step.Workflow, run);
    }

    /// <summary>The called workflow's inputs: <c>with</c> rendered from the caller's variables, checked, defaults filled in.</summary>
    /// <exception cref="StepFailedException">An input is missing, unknown or of the wrong type.</exception>
    /// <remarks>Pure (no clock, no I/O): the durable engine binds a call's inputs in orchestration code.</remarks>
    public static IReadOnlyDictionary<string, string> Inputs(WorkflowCallStep step, IVariables variables)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in step.With?.Invoke(variables) ?? [])
        {
            given[name] = value;
        }

        try
        {
            return InputBinder.Bind([step.Workflow], given)[0];
        }
        catch (InvalidInputsException e)
        {
            throw new StepFailedException($"workflow '{step.Workflow.Name}' was called with bad inputs: {string.Join("; ", e.Problems)}");
        }
    }

    /// <summary>What the call step gets from the called run: the JSON object of its <c>outputs</c>, or, when it did not succeed, a failure carrying its record.</summary>
    /// <exception cref="StepFailedException">The called run failed (or was cancelled).</exception>
    public static StepOutcome Outcome(Workflow callee, WorkflowResult run)
    {
        if (run.Status != RunStatus.Succeeded)
        {
            var failed = run.Steps.FirstOrDefault(s => s is { Status: StepStatus.Failed, ContinuedOnError: false });
            var where = failed is null ? string.Empty : $" at step '{failed.Name}': {failed.Error}";
            throw new StepFailedException($"workflow '{callee.Name}' failed{where}", innerException: new CalledRun(run));
        }

        return new StepOutcome(Outputs(callee, new Snapshot(run.Variables))) { Call = run };
    }

    private static string Outputs(Workflow workflow, IVariables variables)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var output in workflow.Outputs)
            {
                writer.WriteString(output.Name, output.Value(variables));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The called workflow's variables when it finished: what its <c>outputs</c> read.</summary>
    private sealed class Snapshot(IReadOnlyDictionary<string, string> values) : IVariables
    {
        public string this[string name] => values.TryGetValue(name, out var value) ? value : string.Empty;

        public bool TryGetValue(string name, out string value) => values.TryGetValue(name, out value!);
    }
}

/// <summary>The record of a failed called run, carried as the inner exception of the call step's failure so the run file can nest it.</summary>
internal sealed class CalledRun(WorkflowResult run) : Exception($"workflow '{run.Name}' failed")
{
    public WorkflowResult Run { get; } = run;

    /// <summary>Returns the called run a failure carries, if it is a failed call (also when a retry's last failure wraps it).</summary>
    public static WorkflowResult? Of(Exception failure)
    {
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is CalledRun called)
            {
                return called.Run;
            }
        }

        return null;
    }
}
