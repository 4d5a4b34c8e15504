using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.DurableTask;
using LlmCompiler.Runtime.DurableTask.Hosting;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Durable.Benchmarks;
using LlmCompiler.Tests.Shared;

// The durable engine's numbers for docs/benchmarks.md, each against its baseline in the same run, on one Azurite
// (in memory, loopback). Run under the shared lock: dotnet run -c Release --project eng/benchmarks/LlmCompiler.Durable.Benchmarks
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

await using var azurite = await AzuriteServer.StartAsync();
var quiet = () => new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
EngineRequest Request(IReadOnlyList<Workflow> workflows) => new(workflows, quiet(), "bench")
{
    Connection = azurite.ConnectionString,
    TaskHub = "b" + Guid.NewGuid().ToString("N")[..16],
};

Workflow Sequential(string command) => new("seq", [.. Enumerable.Range(0, Steps).Select(i => new ShellStep("s" + i, command))]);
static string Ms(TimeSpan t, int n) => (t.TotalMilliseconds / n).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
static string S(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
static string Ratio(TimeSpan a, TimeSpan b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "x";

async Task<TimeSpan> Durable(Workflow workflow)
{
    var result = await new DurableTaskEngine().RunAsync(Request([workflow]), CancellationToken.None);
    return result.Status == RunStatus.Succeeded ? result.Duration : throw new InvalidOperationException("the durable run failed");
}

async Task<TimeSpan> Embedded(Workflow workflow) => (await WorkflowRunner.RunAsync([workflow], quiet())).Duration;

// Warm-up: the first run pays the JIT and the first hub creation.
await Durable(Sequential("true"));
await BareDtfx.RunAsync(DurableSettings.Create(Request([])), 10, parallel: false);

var embeddedSeq = await Embedded(Sequential("true"));
var durableSeq = await Durable(Sequential("true"));
var bareSeq = await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: false);
var embeddedFan = await Embedded(Fan(Steps, "true", Steps));
var durableFan = await Durable(Fan(Steps, "true", Steps));
var bareFan = await BareDtfx.RunAsync(DurableSettings.Create(Request([])), Steps, parallel: true);

Console.WriteLine($"| {Steps} sequential `true` steps | embedded {S(embeddedSeq)} ({Ms(embeddedSeq, Steps)}/step) | durable {S(durableSeq)} ({Ms(durableSeq, Steps)}/step) | bare DTFx {S(bareSeq)} ({Ms(bareSeq, Steps)}/activity) | durable / bare {Ratio(durableSeq, bareSeq)} |");
Console.WriteLine($"| {Steps}-item foreach of `true` | embedded {S(embeddedFan)} ({Ms(embeddedFan, Steps)}/item) | durable {S(durableFan)} ({Ms(durableFan, Steps)}/item) | bare DTFx {S(bareFan)} ({Ms(bareFan, Steps)}/activity) | durable / bare {Ratio(durableFan, bareFan)} |");

// Throughput: 40 one-second steps on one worker, then on two (the second a process of its own).
var oneWorker = await Durable(Fan(40, "sleep 1", 40));
var twoRequest = Request([Fan(40, "sleep 1", 40)]);
var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true };
foreach (var argument in new[] { typeof(BareDtfx).Assembly.Location, "worker", azurite.ConnectionString, twoRequest.TaskHub! })
{
    start.ArgumentList.Add(argument);
}

using var second = System.Diagnostics.Process.Start(start)!;
while (await second.StandardError.ReadLineAsync() is { } line && !line.StartsWith("durabletask: worker", StringComparison.Ordinal))
{
}

await Task.Delay(TimeSpan.FromSeconds(8)); // the partition rebalancing a joining worker causes (about 6 s, measured)
var twoResult = await new DurableTaskEngine().RunAsync(twoRequest, CancellationToken.None);
second.StandardInput.Close();
await second.WaitForExitAsync();
var twoWorkers = twoResult.Duration;
var workers = twoResult.Workflows[0].Steps[0].Items!.Select(i => i.Worker).Distinct().Count();
Console.WriteLine($"| 40-item foreach of `sleep 1` | 1 worker {S(oneWorker)} | 2 worker processes {S(twoWorkers)} (items on {workers} workers) | speed-up {Ratio(oneWorker, twoWorkers)} |");

static Workflow Fan(int items, string command, int parallel) => new("fan",
[
    new ShellStep("each", command) { Foreach = ForeachSource.List([.. Enumerable.Range(0, items).Select(i => i.ToString(CultureInfo.InvariantCulture))]), MaxParallel = parallel },
]);
