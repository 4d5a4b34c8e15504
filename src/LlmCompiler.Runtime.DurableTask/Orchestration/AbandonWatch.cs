using DurableTask.Core;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// Watches, for a step running on this worker, whether the orchestration that scheduled it still waits for it. The
/// framework cannot recall an activity, and an orchestration cannot end while one is open: so when a workflow stops
/// waiting (Ctrl+C, a failing-fast foreach, a call's timeout) it lists the step's attempt id in its status, and the
/// worker running the step sees that here and kills it, within about <see cref="Interval"/>.
/// </summary>
internal sealed class AbandonWatch(TaskHubClient client)
{
    /// <summary>How often a running step looks; a step shorter than this never costs a look.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly OrchestrationStatus[] Ended = [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>Cancels <paramref name="kill"/> when <paramref name="instanceId"/> abandons <paramref name="attemptId"/> or has ended; returns when <paramref name="done"/> is cancelled.</summary>
    public async Task WatchAsync(string instanceId, string attemptId, CancellationTokenSource kill, CancellationToken done)
    {
        while (true)
        {
            try
            {
                await Task.Delay(Interval, done).ConfigureAwait(false);
                var state = await client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
                if (state is not null && (Ended.Contains(state.OrchestrationStatus) || Abandons(state.Status, attemptId)))
                {
                    await kill.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed look (storage busy, say) only delays the next: the step goes on meanwhile.
            }
        }
    }

    private static bool Abandons(string? status, string attemptId) =>
        status is { Length: > 0 } && Payload.Read<ProgressPayload>(Payload.Read<string>(status)).Abandoned?.Contains(attemptId, StringComparer.Ordinal) == true;
}
