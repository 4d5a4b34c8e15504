using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.DurableTask;
using LlmCompiler.Runtime.DurableTask.Hosting;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Durable.Benchmarks;
using LlmCompiler.Tests.Shared;

// The durable engine's numbers for docs/benchmarks.md, each against its baseline in the same run, on one Azurite
// (in memory, loopback). Run under the shared lock:
//   dotnet run -c Release --project eng/benchmarks/LlmCompiler.Durable.Benchmarks -- [all|idle|overhead|throughput|profile|requests|stall] [--rounds N] [--profile NAME]
// Times are the engine's own (the first instance's creation to the last one's completion); the client's (250 ms polling,
// so coarse) are printed beside them.
const int Steps = 200;
if (args is ["worker", var connection, var hub])
{
    // The second worker of the throughput scenario: a process of its own, as `app worker` runs; stdin closing stops it.
    using var stop = new CancellationTokenSource();
    var work = new DurableTaskEngine().WorkAsync(
        new EngineRequest([Fan(40, "sleep 1", 40)], new WorkflowRunOptions { Output = TextWriter.Null }, "bench") { Connection = connection, TaskHub = hub },
        stop.Token);
    await Console.In.ReadToEndAsync();
    await stop.CancelAsync();
    await work;
    return;
}

if (args is ["stall-worker", var stallConnection, var stallHub, var stallProfile])
{
    // A worker of the stall part, with one lease profile (StallAfterKill); stdin closing stops it, or kill -9.
    await StallAfterKill.WorkerAsync(stallConnection, stallHub, stallProfile);
    return;
}

await using var emulator = await Emulator.StartAsync();
var quiet = () => new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
EngineRequest Request(IReadOnlyList<Workflow> workflows) => new(workflows, quiet(), "bench")
{
    Connection = emulator.Current.ConnectionString,
    TaskHub = "b" + Guid.NewGuid().ToString("N")[..16],
};

Workflow Sequential(string command) => new("seq", [.. Enumerable.Range(0, Steps).Select(i => new ShellStep("s" + i, command))]);
static string Ms(TimeSpan t, int n) => (t.TotalMilliseconds / n).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
static string S(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
static string Ratio(TimeSpan a, TimeSpan b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "x";

async Task<(RunResult Result, BareDtfx.Timing Time)> DurableRun(EngineRequest request)
{
    var result = await new DurableTaskEngine().RunAsync(request, CancellationToken.None);
    return result.Status == RunStatus.Succeeded
        ? (result, new BareDtfx.Timing(result.Duration, await BareDtfx.EngineTimeAsync(DurableSettings.Create(request))))
        : throw new InvalidOperationException("the durable run failed");
}

async Task<BareDtfx.Timing> Durable(Workflow workflow) => (await DurableRun(Request([workflow]))).Time;

async Task<TimeSpan> Embedded(Workflow workflow) => (await WorkflowRunner.RunAsync([workflow], quiet())).Duration;

// `overhead` or `throughput` runs one part only (both by default); `--rounds N` repeats the overhead scenarios (3);
// `profile` runs only the durable foreach, for a CPU sample; `requests` counts the storage requests of each overhead scenario.
var part = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !char.IsAsciiDigit(a[0])) ?? "all";
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);

// Where the time goes: the CPU this process (client and worker) and Azurite spent on one run.
async Task<T> Costed<T>(string label, Func<Task<T>> run)
{
    var (self, store) = (Cpu(Environment.ProcessId), Cpu(emulator.Current.ProcessId));
    var result = await run();
    Console.WriteLine(FormattableString.Invariant(
        $"    {label}: CPU {(Cpu(Environment.ProcessId) - self).TotalSeconds:0.00} s here, {(Cpu(emulator.Current.ProcessId) - store).TotalSeconds:0.00} s in Azurite"));
    return result;
}

if (part is "stall")
{
    // The stall after kill -9 of the worker holding a run's foreach, against the storage requests of idle workers, for each
    // lease profile (StallAfterKill); `--rounds` trials of the stall each (1 by default here: a trial takes a minute or two).
    var trials = args.Contains("--rounds") ? rounds : 1;
    var only = args.SkipWhile(a => a != "--profile").Skip(1).FirstOrDefault();
    Console.WriteLine("| profile | stall after kill -9 (each trial) | survivor took the partition after | run of 24 one-second items | idle requests/s per worker (of which leases) |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var profile in LeaseProfile.All.Where(p => only is null || only.Split(',').Contains(p.Name)))
    {
        var results = new List<StallAfterKill.Trial>();
        for (var trial = 0; trial < trials; trial++)
        {
            results.Add(await StallAfterKill.StallAsync(emulator, profile));
        }

        var (all, leases) = await StallAfterKill.IdleAsync(emulator, profile);
        Console.WriteLine(FormattableString.Invariant(
            $"| {profile.Name}: {profile.Describe()} | {string.Join(", ", results.Select(r => S(r.Stall)))} | {string.Join(", ", results.Select(r => r.Takeover is { } t ? S(t) : "-"))} | {string.Join(", ", results.Select(r => S(r.Run)))} | {all:0.0} ({leases:0.0}) |"));
    }

    return;
}

// Warm-up: the first runs pay the JIT (the first durable run of 200 steps took twice the CPU of the next ones) and the
// first hub creation. Both sides run each scenario once, unmeasured.
await Durable(Sequential("true"));
await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: false);
await Durable(Fan(Steps, "true", Steps));
await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true);
await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true, shell: true);

if (part is "requests")
{
    // What one run of each overhead scenario asks of the store, by kind of request, the engine against bare DTFx.
    using var requests = new StorageRequests();
    requests.Print("warm-up (discarded)");
    await Durable(Sequential("true"));
    requests.Print($"durable, {Steps} sequential steps");
    await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: false);
    requests.Print($"bare DTFx, {Steps} sequential activities");
    await Durable(Fan(Steps, "true", Steps));
    requests.Print($"durable, {Steps}-item foreach");
    await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true);
    requests.Print($"bare DTFx, {Steps} activities at once");
    return;
}

if (part is "profile")
{
    // Only the durable 200-item foreach, `--rounds` times: a run to record with EventPipe (DOTNET_EnableEventPipe=1).
    for (var round = 0; round < rounds; round++)
    {
        await Costed("durable foreach", () => Durable(Fan(Steps, "true", Steps)));
    }

    return;
}

if (part is "all" or "idle")
{
    // What an idle worker costs (its queue polling): CPU of this process (the worker) and of Azurite over 20 s.
    using var stopIdle = new CancellationTokenSource();
    var idle = new DurableTaskEngine().WorkAsync(Request([Sequential("true")]), stopIdle.Token);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var (self, store) = (Cpu(Environment.ProcessId), Cpu(emulator.Current.ProcessId));
    await Task.Delay(TimeSpan.FromSeconds(20));
    Console.WriteLine(FormattableString.Invariant(
        $"| idle worker, 20 s | worker {(Cpu(Environment.ProcessId) - self) / TimeSpan.FromSeconds(20):P1} of a core | Azurite {(Cpu(emulator.Current.ProcessId) - store) / TimeSpan.FromSeconds(20):P1} of a core |"));
    await stopIdle.CancelAsync();
    await idle;
}

if (part is "all" or "overhead")
{
    // Rounds alternate the engine and its baseline, so both see the same machine; the medians are compared.
    var (embeddedSeq, durableSeq, bareSeq, embeddedFan, durableFan, bareFan) = (new List<TimeSpan>(), new List<BareDtfx.Timing>(), new List<BareDtfx.Timing>(), new List<TimeSpan>(), new List<BareDtfx.Timing>(), new List<BareDtfx.Timing>());
    var (shellSeq, shellFan) = (new List<BareDtfx.Timing>(), new List<BareDtfx.Timing>());
    for (var round = 0; round < rounds; round++)
    {
        // Each round on a fresh Azurite, warmed by one unmeasured run: a round takes about 30 s, so the emulator's
        // 60-second queue sweep (see the throughput part) lands in none (it stalled single runs for 50-90 s before).
        await emulator.RestartAsync();
        await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true);
        embeddedSeq.Add(await Embedded(Sequential("true")));
        durableSeq.Add(await Costed("durable sequential", () => Durable(Sequential("true"))));
        bareSeq.Add(await Costed("bare sequential", () => BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: false)));
        shellSeq.Add(await Costed("bare sequential, sh -c true", () => BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: false, shell: true)));
        embeddedFan.Add(await Embedded(Fan(Steps, "true", Steps)));
        durableFan.Add(await Costed("durable foreach", () => Durable(Fan(Steps, "true", Steps))));
        bareFan.Add(await Costed("bare foreach", () => BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true)));
        shellFan.Add(await Costed("bare foreach, sh -c true", () => BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true, shell: true)));
        Console.WriteLine(FormattableString.Invariant(
            $"  round {round + 1} (engine / client): sequential durable {durableSeq[^1].Engine.TotalSeconds:0.00} / {durableSeq[^1].Client.TotalSeconds:0.00} s, bare {bareSeq[^1].Engine.TotalSeconds:0.00} / {bareSeq[^1].Client.TotalSeconds:0.00} s; foreach durable {durableFan[^1].Engine.TotalSeconds:0.00} / {durableFan[^1].Client.TotalSeconds:0.00} s, bare {bareFan[^1].Engine.TotalSeconds:0.00} / {bareFan[^1].Client.TotalSeconds:0.00} s"));
    }

    Row($"{Steps} sequential `true` steps", "step", Median(embeddedSeq), durableSeq, bareSeq, "no-op");
    Row($"{Steps}-item foreach of `true`", "item", Median(embeddedFan), durableFan, bareFan, "no-op");
    Row($"{Steps} sequential `true` steps", "step", Median(embeddedSeq), durableSeq, shellSeq, "`sh -c true`");
    Row($"{Steps}-item foreach of `true`", "item", Median(embeddedFan), durableFan, shellFan, "`sh -c true`");
}

if (part is not ("all" or "throughput"))
{
    return;
}

// Throughput: 40 one-second steps on one worker, then on two (the second a process of its own).

await emulator.RestartAsync();
var (oneResult, oneWorker) = await DurableRun(Request([Fan(40, "sleep 1", 40)]));
await emulator.RestartAsync();
var twoRequest = Request([Fan(40, "sleep 1", 40)]);
using var second = await StartWorkerAsync(twoRequest.TaskHub!);
await Task.Delay(TimeSpan.FromSeconds(8)); // the partition rebalancing a joining worker causes (about 6 s, measured)
// CPU of Azurite, this process and the worker process, per 500 ms of the two-worker run: who is busy when the items pause.
using var sampling = new CancellationTokenSource();
var samples = new List<string>();
var sampler = Task.Run(async () =>
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var (lastA, lastS, lastW) = (Cpu(emulator.Current.ProcessId), Cpu(Environment.ProcessId), Cpu(second.Id));
    while (!sampling.IsCancellationRequested)
    {
        await Task.Delay(500);
        var (a, self, w) = (Cpu(emulator.Current.ProcessId), Cpu(Environment.ProcessId), Cpu(second.Id));
        samples.Add(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds:0.0}: az {(a - lastA).TotalMilliseconds:0} me {(self - lastS).TotalMilliseconds:0} w2 {(w - lastW).TotalMilliseconds:0}"));
        (lastA, lastS, lastW) = (a, self, w);
    }
});
var (twoResult, twoWorkers) = await DurableRun(twoRequest);
await sampling.CancelAsync();
await sampler;
Console.WriteLine("  CPU ms per 500 ms of the 2-worker run (from its start; az = Azurite, me = this process, w2 = the worker process): " + string.Join(" | ", samples));
second.StandardInput.Close();
await second.WaitForExitAsync();

// The same with both workers started before the run (`app --no-worker`): no worker joins while it runs.
await emulator.RestartAsync();
var apartRequest = Request([Fan(40, "sleep 1", 40)]) with { HostWorker = false };
using var third = await StartWorkerAsync(apartRequest.TaskHub!);
using var fourth = await StartWorkerAsync(apartRequest.TaskHub!);
await Task.Delay(TimeSpan.FromSeconds(8));
var (apartResult, apartWorkers) = await DurableRun(apartRequest);
third.StandardInput.Close();
fourth.StandardInput.Close();
await third.WaitForExitAsync();
await fourth.WaitForExitAsync();
Console.WriteLine($"| 40-item foreach of `sleep 1`, both workers started before the run | 1 worker {S(oneWorker.Engine)} | 2 worker processes {S(apartWorkers.Engine)} | speed-up **{Ratio(oneWorker.Engine, apartWorkers.Engine)}** | client-seen {S(oneWorker.Client)} / {S(apartWorkers.Client)} = {Ratio(oneWorker.Client, apartWorkers.Client)} |");
Timeline("2 workers started before", apartResult, apartWorkers.Client);

// A worker process of this benchmark (as `app worker`), ready once it says so.
async Task<System.Diagnostics.Process> StartWorkerAsync(string hub)
{
    var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true };
    foreach (var argument in new[] { typeof(BareDtfx).Assembly.Location, "worker", emulator.Current.ConnectionString, hub })
    {
        start.ArgumentList.Add(argument);
    }

    var process = System.Diagnostics.Process.Start(start)!;
    while (await process.StandardError.ReadLineAsync() is { } line && !line.StartsWith("durabletask: worker", StringComparison.Ordinal))
    {
    }

    return process;
}

var workers = twoResult.Workflows[0].Steps[0].Items!.Select(i => i.Worker).Distinct().Count();
Console.WriteLine($"| 40-item foreach of `sleep 1` | 1 worker {S(oneWorker.Engine)} | 2 worker processes {S(twoWorkers.Engine)} (items on {workers} workers) | speed-up **{Ratio(oneWorker.Engine, twoWorkers.Engine)}** | client-seen {S(oneWorker.Client)} / {S(twoWorkers.Client)} = {Ratio(oneWorker.Client, twoWorkers.Client)} |");
Timeline("1 worker", oneResult, oneWorker.Client);
Timeline("2 workers", twoResult, twoWorkers.Client);

// Who ran what, when: each item's start and end (seconds from the step's start) and its worker, to see who idles.
static void Timeline(string label, RunResult run, TimeSpan client)
{
    var step = run.Workflows[0].Steps[0];
    var lastEnd = step.Items!.Max(i => i.StartedAt!.Value + i.Duration);
    Console.WriteLine(FormattableString.Invariant(
        $"  {label}: the step started {(step.StartedAt!.Value - run.StartedAt).TotalSeconds:0.00} s after the run, its last item ended at {(lastEnd - run.StartedAt).TotalSeconds:0.00} s, the client saw the end at {client.TotalSeconds:0.00} s"));
    foreach (var item in step.Items!.OrderBy(i => i.StartedAt))
    {
        var from = (item.StartedAt!.Value - step.StartedAt!.Value).TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"  item {item.Index,2} {from,6:0.00} s .. {from + item.Duration.TotalSeconds,6:0.00} s on {item.Worker}"));
    }
}

// One table row: the engine's own times (creation to completion), and the client's (what a user waits: 250 ms polling).
static void Row(string scenario, string unit, TimeSpan embedded, List<BareDtfx.Timing> durable, List<BareDtfx.Timing> bare, string activity)
{
    var (de, be) = (Median([.. durable.Select(t => t.Engine)]), Median([.. bare.Select(t => t.Engine)]));
    var (dc, bc) = (Median([.. durable.Select(t => t.Client)]), Median([.. bare.Select(t => t.Client)]));
    Console.WriteLine($"| {scenario} | embedded {S(embedded)} ({Ms(embedded, Steps)}/{unit}) | durable {S(de)} ({Ms(de, Steps)}/{unit}) | bare DTFx, {activity} activity: {S(be)} ({Ms(be, Steps)}/activity) | **{Ratio(de, be)}** | client-seen {S(dc)} / {S(bc)} = {Ratio(dc, bc)} |");
}

static TimeSpan Cpu(int pid) => System.Diagnostics.Process.GetProcessById(pid).TotalProcessorTime;

static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

static Workflow Fan(int items, string command, int parallel) => new("fan",
[
    new ShellStep("each", command) { Foreach = ForeachSource.List([.. Enumerable.Range(0, items).Select(i => i.ToString(CultureInfo.InvariantCulture))]), MaxParallel = parallel },
]);
