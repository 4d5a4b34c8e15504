using Microsoft.Extensions.Logging;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// The framework's own log, of which a worker keeps one event: taking over a partition. The framework has no callback for
/// it, but it logs a structured <c>LeaseAcquisitionSucceeded</c> event when a worker wins a partition's lease, which is the
/// moment the orchestrations of that partition move to it (after a worker died, the stall an operator sees ends here).
/// Everything else the framework logs stays unread, as before.
/// </summary>
internal sealed class PartitionEvents(WorkerLog log) : ILoggerFactory, ILogger
{
    /// <summary>The framework's event id for a won lease (DurableTask.AzureStorage's <c>EventIds.LeaseAcquisitionSucceeded</c>).</summary>
    private const int LeaseAcquired = 127;

    /// <summary>
    /// The blob partition manager takes two leases per partition: an "intent" lease first, then the "ownership" lease that lets
    /// it read the partition's queue. Only the second means the partition moved; the table partition manager names no type.
    /// </summary>
    private const string IntentLease = "intent";

    /// <summary>A partition is named after its control queue: <c>{hub}-control-{nn}</c>.</summary>
    private const string ControlQueue = "-control-";

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
        // Nothing else reads the framework's log.
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != LeaseAcquired || state is not IEnumerable<KeyValuePair<string, object>> fields)
        {
            return;
        }

        var values = fields.ToDictionary(f => f.Key, f => f.Value?.ToString(), StringComparer.Ordinal);
        if (values.GetValueOrDefault("LeaseType") is IntentLease
            || values.GetValueOrDefault("PartitionId") is not { } partition
            || !partition.Contains(ControlQueue, StringComparison.Ordinal))
        {
            // The same event reports the app lease (one per task hub, not a partition) by its container's name.
            return;
        }

        log.TookPartition(partition);
    }

    public void Dispose()
    {
        // Nothing to release.
    }
}
