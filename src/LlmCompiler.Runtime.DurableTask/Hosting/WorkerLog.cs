namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// A worker's own lines, one per event an operator follows: taking over a partition (see <see cref="PartitionEvents"/>),
/// taking a run (the first time this process runs it: after a start or after taking over its partition) and taking a step
/// or item. Lost and regained storage is <see cref="StoreWatch"/>'s.
/// </summary>
internal sealed class WorkerLog
{
    private readonly HashSet<string> _runs = new(StringComparer.Ordinal);

    /// <summary>A worker's log on the run options' log, or nowhere with <c>--quiet</c>; written from the framework's threads too.</summary>
    public static WorkerLog For(WorkflowRunOptions options, string workerId) =>
        new(options.Quiet ? TextWriter.Null : TextWriter.Synchronized(options.Log), workerId);

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

    /// <summary>Says that this worker took over a partition (<c>hub-control-02</c>): the orchestrations whose instance ids hash to it run here from now on.</summary>
    public void TookPartition(string partition) => Writer.WriteLine($"durabletask: worker {WorkerId} took partition {partition}");

    /// <summary>Says that this worker runs a step or foreach item, by its attempt id (<c>run:workflow/step[/index]</c>).</summary>
    public void TookStep(string attemptId) => Writer.WriteLine($"durabletask: worker {WorkerId} took {attemptId}");
}
