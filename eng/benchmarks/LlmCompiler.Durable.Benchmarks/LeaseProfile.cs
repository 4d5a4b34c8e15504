using System.Globalization;
using DurableTask.AzureStorage;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// One set of the framework's lease settings the stall benchmark compares: the lease's length, how often a worker renews
/// its leases and looks for free ones, and which partition manager keeps them (blob leases, the default, or a table).
/// </summary>
internal sealed record LeaseProfile(string Name, TimeSpan Lease, TimeSpan Renew, TimeSpan Acquire, bool Table)
{
    /// <summary>
    /// The profiles compared, the engine's default first. Blob leases shorter than 15 s do not exist: the storage service
    /// takes blob leases of 15 to 60 s only, and with a 6 s lease no worker ever took a partition (measured: none in 3
    /// minutes). The blob partition manager's ownership lease is 15 s whatever the settings say (the framework fixes it).
    /// </summary>
    public static readonly IReadOnlyList<LeaseProfile> All =
    [
        new("blob-15-5", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Table: false),
        new("table-15-5", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Table: true),
        new("table-10-3", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), Table: true),
        new("table-6-2", TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), Table: true),
    ];

    public static LeaseProfile Named(string name) => All.Single(p => p.Name == name);

    /// <summary>The engine's settings with this profile's leases instead.</summary>
    public void Apply(AzureStorageOrchestrationServiceSettings settings)
    {
        settings.LeaseInterval = Lease;
        settings.LeaseRenewInterval = Renew;
        settings.LeaseAcquireInterval = Acquire;
        settings.UseTablePartitionManagement = Table;
    }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Table ? "table" : "blob")} leases, {Lease.TotalSeconds:0} s lease / {Renew.TotalSeconds:0} s renewal / {Acquire.TotalSeconds:0} s acquisition");
}
