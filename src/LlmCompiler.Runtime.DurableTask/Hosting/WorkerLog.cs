namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// A worker's own lines, one per event an operator follows: taking a run (the first time this process runs it: after a
/// start or after taking over its partition) and taking a step or item. Lost and regained storage is <see cref="StoreWatch"/>'s.
/// </summary>
internal sealed class WorkerLog
{
    private readonly HashSet<string> _runs = new(StringComparer.Ordinal);

    public WorkerLog(TextWriter writer, string workerId)
    {
        Writer = writer;
        WorkerId = workerId;
    }

    public TextWriter Writer { get; }

    public string WorkerId { get; }

    /// <summary>Says that this worker runs the run's orchestration, once per run and process (every event of a run is an episode).</summary>
    public void TookRun(string runId)
    {
        lock (_runs)
        {
            if (!_runs.Add(runId))
            {
                return;
            }
        }

        Writer.WriteLine($"durabletask: worker {WorkerId} took run {runId}");
    }

    /// <summary>Says that this worker runs a step or foreach item, by its attempt id (<c>run:workflow/step[/index]</c>).</summary>
    public void TookStep(string attemptId) => Writer.WriteLine($"durabletask: worker {WorkerId} took {attemptId}");
}
