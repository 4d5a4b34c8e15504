using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.DurableTask;
using LlmCompiler.Runtime.DurableTask.Hosting;
using LlmCompiler.Runtime.DurableTask.Orchestration;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// What a worker's death costs against what leases cost while nothing happens, for one <see cref="LeaseProfile"/>:
/// <list type="bullet">
/// <item>the stall: two worker processes share a run's 24-item foreach; once 6 items have started, the worker holding the
/// foreach's orchestration (its partition, by <see cref="Partitions"/>) gets kill -9. The stall is the longest time, from
/// the last item started before the kill on, in which no item started for the first time anywhere (items take 1 s, so
/// without a kill no gap is longer). The takeover is when the survivor logged <c>took partition</c> for that partition.</item>
/// <item>the idle load: two workers of this process on an idle task hub, storage requests per second and worker (counted
/// as <see cref="StorageRequests"/> counts them), and the part of them that is leases.</item>
/// </list>
/// Each on a fresh Azurite. The foreach never has more items in flight than the two workers run at once (2 each).
/// </summary>
internal static class StallAfterKill
{
    /// <summary>Where the item command appends its attempt id and start time (nanoseconds since the epoch).</summary>
    public const string ItemLogVariable = "LLMC_BENCH_ITEM_LOG";

    private const int Items = 24;

    private static readonly Workflow Flow = new("fan",
    [
        new ShellStep("each", $"echo \"$LLMC_ATTEMPT_ID $(date +%s%N)\" >> \"${ItemLogVariable}\"; sleep 1")
        {
            Foreach = ForeachSource.List([.. Enumerable.Range(0, Items).Select(i => i.ToString(CultureInfo.InvariantCulture))]),
            MaxParallel = 4,
        },
    ]);

    public sealed record Trial(TimeSpan Stall, TimeSpan? Takeover, TimeSpan Run);

    /// <summary>This program as one worker of the benchmark: the engine's worker, with the profile's leases; stdin closing stops it.</summary>
    public static async Task WorkerAsync(string connection, string hub, string profile)
    {
        var options = new WorkflowRunOptions { Output = TextWriter.Null, Log = Console.Error };
        var (worker, id) = await StartWorkerAsync(connection, hub, LeaseProfile.Named(profile), options);
        await using (worker)
        {
            await Console.Error.WriteLineAsync($"durabletask: worker {id} ready");
            await Console.In.ReadToEndAsync();
        }
    }

    public static async Task<Trial> StallAsync(Emulator emulator, LeaseProfile profile)
    {
        await emulator.RestartAsync();
        var connection = emulator.Current.ConnectionString;
        var hub = "s" + Guid.NewGuid().ToString("N")[..16];
        var itemLog = Path.Combine(Path.GetTempPath(), $"llmc-stall-{Guid.NewGuid():N}.log");
        await using var first = await BenchWorker.StartAsync(connection, hub, profile, itemLog);
        await using var second = await BenchWorker.StartAsync(connection, hub, profile, itemLog);
        await SettledAsync(first, second, profile);

        var runId = "stall-" + Guid.NewGuid().ToString("N");
        var partition = Partitions.Of(WorkflowOrchestration.InstanceId(runId, Flow.Name), hub, DurableSettings.Partitions);
        var firstOwns = first.LastTook(partition) is { } a && (second.LastTook(partition) is not { } b || a > b);
        var (victim, survivor) = firstOwns ? (first, second) : (second, first);
        if (victim.LastTook(partition) is null)
        {
            throw new InvalidOperationException($"no worker logged taking {partition}:\n{first.Log()}\n---\n{second.Log()}");
        }

        var request = new EngineRequest([Flow], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null }, "bench")
        {
            Connection = connection,
            TaskHub = hub,
            HostWorker = false,
            RunId = runId,
        };
        var run = new DurableTaskEngine().RunAsync(request, CancellationToken.None);
        while (Starts(itemLog).Count < 6)
        {
            await Task.Delay(20);
        }

        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var result = await run;
        if (result.Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException($"the run did not succeed ({result.Status}):\n{survivor.Log()}");
        }

        // The longest time no item started for the first time, from the last first start before the kill on: an item the
        // orchestration had scheduled just before the kill may still start after it, so "the first new start after the
        // kill" measures nothing; the gap is what an operator sees.
        var firstStarts = Starts(itemLog).GroupBy(s => s.Attempt, StringComparer.Ordinal).Select(g => g.Min(s => s.At)).Order().ToList();
        File.Delete(itemLog);
        var from = firstStarts.FindLastIndex(at => at < killedAt);
        var stall = firstStarts.Skip(from).Zip(firstStarts.Skip(from + 1), (a, b) => b - a).DefaultIfEmpty().Max();
        return new Trial(stall, survivor.LastTook(partition) is { } took && took > killedAt ? took - killedAt : null, result.Duration);
    }

    /// <summary>Requests per second and worker of two idle workers, and how many of them went to the leases.</summary>
    public static async Task<(double All, double Leases)> IdleAsync(Emulator emulator, LeaseProfile profile)
    {
        await emulator.RestartAsync();
        var hub = "i" + Guid.NewGuid().ToString("N")[..16];
        var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
        var (one, _) = await StartWorkerAsync(emulator.Current.ConnectionString, hub, profile, options);
        var (two, _) = await StartWorkerAsync(emulator.Current.ConnectionString, hub, profile, options);
        await using (one)
        await using (two)
        {
            // Past the partitions' first distribution (a joining worker causes seconds of rebalancing), then counted.
            await Task.Delay(TimeSpan.FromSeconds(30));
            using var requests = new StorageRequests();
            var window = TimeSpan.FromSeconds(30);
            await Task.Delay(window);
            var counts = requests.Take();
            var all = counts.Sum(c => c.Value);
            var leases = counts.Where(c => c.Key.Contains("lease", StringComparison.OrdinalIgnoreCase) || c.Key.Contains("Partitions", StringComparison.Ordinal)).Sum(c => c.Value);
            return (all / window.TotalSeconds / 2, leases / window.TotalSeconds / 2);
        }
    }

    private static async Task<(WorkerHost Worker, string Id)> StartWorkerAsync(string connection, string hub, LeaseProfile profile, WorkflowRunOptions options)
    {
        var request = new EngineRequest([Flow], options, "bench") { Connection = connection, TaskHub = hub };
        var settings = DurableSettings.Create(request);
        profile.Apply(settings);
        var log = WorkerHost.Prepare(settings, options);
        var service = await StoreConnection.OpenAsync(settings, CancellationToken.None);
        return (await WorkerHost.StartAsync(service, log, new ProgramCatalog(request.Workflows), options), settings.WorkerId);
    }

    /// <summary>Waits until every partition was taken, both workers took some, and none moved for two lease intervals (at least 20 s; at most 3 minutes in all).</summary>
    private static async Task SettledAsync(BenchWorker first, BenchWorker second, LeaseProfile profile)
    {
        var quiet = TimeSpan.FromSeconds(Math.Max(20, 2 * profile.Lease.TotalSeconds));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (first.LastTookAny() is { } a && second.LastTookAny() is { } b
                && first.Took().Union(second.Took()).Count() == DurableSettings.Partitions
                && DateTimeOffset.UtcNow - (a > b ? a : b) > quiet)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"the partitions did not settle:\n{first.Log()}\n---\n{second.Log()}");
    }

    private static List<(string Attempt, DateTimeOffset At)> Starts(string itemLog)
    {
        if (!File.Exists(itemLog))
        {
            return [];
        }

        return File.ReadAllLines(itemLog)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 2 && long.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (p[0], DateTimeOffset.UnixEpoch.AddTicks(long.Parse(p[1], CultureInfo.InvariantCulture) / 100)))
            .ToList();
    }
}
