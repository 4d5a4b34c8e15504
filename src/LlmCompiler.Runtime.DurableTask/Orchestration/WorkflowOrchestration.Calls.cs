using DurableTask.Core;
using DurableTask.Core.Exceptions;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// Workflow calls (<c>type: workflow</c>): each call, and each item of a foreach call, is a sub-orchestration of this
/// same kind, so the called workflow's steps spread over the workers as any step does. Its inputs are bound and its
/// outputs rendered by <see cref="WorkflowCallRunner"/>, as in the embedded runner; <c>timeout</c> is a durable timer
/// and <c>retry</c> a new child after a durable pause.
/// </summary>
#pragma warning disable CA2007 // Orchestration code must resume on the framework's scheduler.
internal sealed partial class WorkflowOrchestration
{
    /// <summary>The called workflows in flight, by instance id, so a cancellation or a failing-fast foreach can tell them to stop.</summary>
    private readonly Dictionary<string, (string Step, int? Position)> _children = new(StringComparer.Ordinal);

    /// <summary>The instance id of a call: under its caller's, by step, item and attempt, so a replay finds the same child.</summary>
    private string ChildId(string step, int? position, int attempt) =>
        $"{_context.OrchestrationInstance.InstanceId}:{step}{(position is { } p ? ":" + p : string.Empty)}:{attempt}";

    /// <summary>Runs the call's attempts, each a child; returns the call's outcome (the callee's outputs and run), or throws its last failure as the rules word it.</summary>
    private async Task<StepOutcome> CallAsync(WorkflowCallStep call, IVariables view, int? position, bool cleanup)
    {
        // Binding the inputs is part of the first attempt, as in the embedded engine, where a call that cannot bind them took one.
        _attempts[(call.Name, position)] = 1;
        var inputs = WorkflowCallRunner.Inputs(call, view);
        for (var number = 1; ; number++)
        {
            _attempts[(call.Name, position)] = number;
            StepFailedException failure;
            try
            {
                var run = await RunChildAsync(call, ChildId(call.Name, position, number), position, inputs, cleanup);
                return WorkflowCallRunner.Outcome(call.Workflow, run) with { Status = StepStatus.Succeeded };
            }
            catch (StepFailedException e)
            {
                failure = e;
            }

            if (!AttemptRules.Retries(call, number))
            {
                throw AttemptRules.Attempts(call) == 1 ? failure : new StepFailedException(AttemptRules.GaveUp(call, failure.Message), failure.ExitCode, failure);
            }

            var pause = AttemptRules.Pause(call, number, MinimumRetryPause);
            Log(StepLines.Retrying(_workflow.Name, call, number, failure.Message, pause), always: true);
            await PauseAsync(pause, cleanup);
        }
    }

    /// <summary>Runs the called workflow as a child and returns its record; a timeout or a cancellation tells the child to stop.</summary>
    private async Task<WorkflowResult> RunChildAsync(WorkflowCallStep call, string id, int? position, IReadOnlyDictionary<string, string> inputs, bool cleanup)
    {
        var callee = call.Workflow;
        var payload = new WorkflowPayload(_payload.Program, _payload.RunId, callee.Name, ProgramCatalog.Definition(callee), new Dictionary<string, string>(inputs, StringComparer.Ordinal), _payload.ShellParallel, _payload.CaptureAll);
        _children[id] = (call.Name, position);
        try
        {
            var child = _context.CreateSubOrchestrationInstance<string>(Name, string.Empty, id, Payload.Write(payload));
            using var cancelTimer = new CancellationTokenSource();
            var timer = call.Timeout is { } limit ? _context.CreateTimer(_context.CurrentUtcDateTime + limit, true, cancelTimer.Token) : null;
            var waits = new List<Task> { child, Cancellation(cleanup) };
            if (timer is not null)
            {
                waits.Add(timer);
            }

            var first = await Task.WhenAny(waits);
            if (first == timer)
            {
                Stop(id);
                throw new StepFailedException(AttemptRules.TimedOut(call));
            }

            if (timer is not null)
            {
                StopTimer(cancelTimer);
            }

            if (first != child)
            {
                // Cancelled: the child is told and ends; the call is cancelled either way.
                Stop(id);
                throw new CancelledException();
            }

            var outcome = Payload.Read<WorkflowOutcome>(await child);
            if (_children.ContainsKey(id))
            {
                // A call left by a failing-fast foreach ends later: its lines would only confuse.
                _progress.AddRange(outcome.Progress ?? []);
            }

            return outcome.Workflow();
        }
        catch (SubOrchestrationFailedException e)
        {
            // The child failed as a whole (a worker of another build refused it, say): the call fails, naming why.
            throw new StepFailedException($"workflow '{callee.Name}' could not run: {e.FailureDetails?.ErrorMessage ?? e.Message}");
        }
        finally
        {
            _children.Remove(id);
        }
    }

    /// <summary>Sends a called workflow the cancel event, without cleanup: the embedded runner cancels a call's steps and its cleanup steps with one token.</summary>
    private void Stop(string id) => _context.SendEvent(new OrchestrationInstance { InstanceId = id }, CancelEvent, WithoutCleanup);
}
#pragma warning restore CA2007
