using System.Text;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// The framework's settings, tuned from measurements on Azurite (../shared/guide/durable-task.md): a unique worker id per
/// process (the default, the machine name, made two processes on one host run one orchestration twice), visibility
/// timeouts that bring a dead worker's steps back in 15 s instead of 5 minutes, and partition leases that move its
/// orchestrations in about 6 s.
/// </summary>
internal static partial class DurableSettings
{
    public const string ConnectionSetting = "--connection / LLMC_DURABLETASK_CONNECTION";
    public const string TaskHubSetting = "--task-hub / LLMC_DURABLETASK_HUB";

    /// <summary>Orchestration work spreads over at most this many workers (the framework allows 16); activities over any number.</summary>
    public const int Partitions = 4;

    /// <summary>How long a message taken by a worker stays invisible to others: a dead worker's work reappears after this.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A partition's lease, kept in a table (<see cref="TablePartitions"/>); a dead worker's partitions are taken over when
    /// it runs out. Measured (eng/benchmarks, <c>stall</c>): after kill -9 of the worker holding a run's foreach, no item
    /// started for 5.8 s with 6 s leases and 2 s renewals, 10.8 s with 10/3 s, 12.6 s with 15/5 s, and 17.0-21.7 s with
    /// the blob leases used before (15/5 s), while an idle worker sent 7.7, 7.2, 6.8 and 10.0 storage requests a second.
    /// The price of the short lease: a worker that cannot renew for 6 s (a stalled process, a storage hiccup) loses its
    /// partitions to another worker, which is what a lease is for.
    /// </summary>
    public static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(6);

    /// <summary>How often leases are renewed and free ones looked for: three chances within a lease.</summary>
    public static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Partition leases in a table rather than as blob leases. Blob leases last 15 to 60 s (the storage service refuses
    /// others: with 6 s, no worker ever took a partition), and the framework's blob partition manager fixes its ownership
    /// lease at 15 s whatever <see cref="LeaseInterval"/> says; it also sent more requests (3.8 a second per idle worker for
    /// leases, against 1.5 here).
    /// </summary>
    public const bool TablePartitions = true;

    /// <summary>
    /// The longest pause between polls of an idle queue. The default 30 s made an idle worker take 23 s to pick up work. A
    /// worker wakes its own queues at once when it sends to them, but a message from another process waits for the next
    /// poll: at 1 s, a run handed between two workers lost about a second at each hand-over (40 one-second items on two
    /// workers: 1.56-1.81x the speed of one); at 500 ms, 1.85-1.87x when Azurite's own clean-up did not stall it, for 10 queue reads a second
    /// per idle worker (1-2% of a core here). Measured in docs/benchmarks.md.
    /// </summary>
    public static readonly TimeSpan MaxPolling = TimeSpan.FromMilliseconds(500);

    private static int _workers;

    /// <summary>A worker id unique on this machine: the process id, and a number for any further worker in the same process.</summary>
    private static string NextWorkerId() =>
        Interlocked.Increment(ref _workers) is var n && n == 1
            ? $"{Environment.MachineName}-{Environment.ProcessId}"
            : $"{Environment.MachineName}-{Environment.ProcessId}-{n}";

    public static AzureStorageOrchestrationServiceSettings Create(EngineRequest request)
    {
        StorageAccountClientProvider storage;
        try
        {
            storage = new StorageAccountClientProvider(request.Connection!);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw InvalidConnection();
        }

        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = storage,
            TaskHubName = TaskHub(request),
            WorkerId = NextWorkerId(),
            PartitionCount = Partitions,
            ControlQueueVisibilityTimeout = VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = VisibilityTimeout,
            LeaseInterval = LeaseInterval,
            LeaseRenewInterval = LeaseRenewal,
            LeaseAcquireInterval = LeaseRenewal,
            UseTablePartitionManagement = TablePartitions,
            MaxQueuePollingInterval = MaxPolling,

            // A shell step keeps a core busy: more at once per worker only queues them on the CPU.
            MaxConcurrentTaskActivityWorkItems = Math.Max(2, Environment.ProcessorCount),
        };
    }

    /// <summary>The parser's message may quote the string: it is a secret, so only the setting is named.</summary>
    public static EngineUnavailableException InvalidConnection() =>
        new($"the storage connection string given by {ConnectionSetting} is not a valid Azure Storage connection string (for Azurite: UseDevelopmentStorage=true)");

    /// <summary>The task hub: the one given, else <c>llmc</c> and the program name's letters and digits (storage names allow no others).</summary>
    public static string TaskHub(EngineRequest request)
    {
        if (request.TaskHub is { } given)
        {
            return HubName().IsMatch(given)
                ? given
                : throw new EngineSettingException($"the task hub '{given}' given by {TaskHubSetting} is not valid: 3 to 45 letters and digits, starting with a letter");
        }

        var name = new StringBuilder("llmc");
        foreach (var c in request.ProgramName.Where(char.IsAsciiLetterOrDigit))
        {
            name.Append(c);
        }

        return name.ToString()[..Math.Min(name.Length, 45)];
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
