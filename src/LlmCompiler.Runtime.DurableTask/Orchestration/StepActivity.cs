using System.Diagnostics;
using DurableTask.Core;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.DurableTask.Hosting;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// One step, or one foreach item, as an activity: it runs on whichever worker takes it, and its reply is recorded by
/// the engine, so a completed step never runs again. Execution is at-least-once: a step in flight when its worker
/// died runs again elsewhere, with the same <c>LLMC_ATTEMPT_ID</c>.
/// </summary>
internal sealed class StepActivity : AsyncTaskActivity<string, string>
{
    public const string Name = "llmc.step";

    private readonly ProgramCatalog _catalog;
    private readonly StepHost _host;
    private readonly AbandonWatch _watch;
    private readonly string _worker;

    private readonly WorkerLog _log;

    public StepActivity(ProgramCatalog catalog, StepHost host, AbandonWatch watch, string worker, WorkerLog log)
    {
        _log = log;
        _catalog = catalog;
        _host = host;
        _watch = watch;
        _worker = worker;
    }

    /// <summary>The run an attempt belongs to: every instance id of a run starts with the run's own, up to the first colon.</summary>
    private static string RunOf(string attemptId) => attemptId[..attemptId.IndexOf(':', StringComparison.Ordinal)];

    protected override async Task<string> ExecuteAsync(TaskContext context, string input)
    {
        var payload = Payload.Read<StepPayload>(input);
        _log.TookStep(payload.AttemptId);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            var workflow = _catalog.Check(payload.Workflow, payload.Definition);
            var step = workflow.Steps[payload.Step];
            var variables = new WorkflowVariables();
            foreach (var (name, value) in payload.Variables)
            {
                variables.Set(name, value);
            }

            IVariables view = payload.Item is { } item ? new ItemVariables(variables, item, payload.Index ?? 0) : variables;
            StepOutcome outcome;
            using (var kill = new CancellationTokenSource())
            using (var done = new CancellationTokenSource())
            {
                var watch = _watch.WatchAsync(context.OrchestrationInstance.InstanceId, payload.AttemptId, kill, done.Token);
                try
                {
                    outcome = await _host.RunAsync(workflow, step, view, RunOf(payload.AttemptId), payload.AttemptId, kill.Token).ConfigureAwait(false);
                }
                finally
                {
                    await done.CancelAsync().ConfigureAwait(false);
                    await watch.ConfigureAwait(false);
                }
            }

            // The runner's own record, with this worker's clock and name: whatever the runner reported reaches the run file.
            return Payload.Write(outcome with { StartedAt = startedAt, Duration = clock.Elapsed, Worker = _worker });
        }

        catch (Exception e)
        {
            // The failure travels as the message of a framework exception: its type name is stored with it, and that
            // name must not be one of ours (renaming it would break runs in flight). The engine's retry sees a failure.
#pragma warning disable CA2201
            throw new Exception(Payload.Write(StepRecords.Failure(e) with { StartedAt = startedAt, Duration = clock.Elapsed, Worker = _worker }));
#pragma warning restore CA2201
        }
    }
}
