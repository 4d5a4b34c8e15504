using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmCompiler.Runtime;
using Microsoft.Extensions.AI;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.Benchmarks.Remote;

/// <summary>
/// Issue 11's llm target: one foreach llm step of N items at <c>max_parallel</c> P against the loopback server
/// answering after a fixed delay, against the ideal ⌈N/P⌉ × one request's time measured in the same run (a
/// single llm step, sequentially). The endpoint's concurrency limit is set to P, so it is not the bottleneck.
/// </summary>
internal static class ForeachLlmBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var items = Argument(args, "--items", 1000);
        var parallel = Argument(args, "--parallel", 32);
        var delay = TimeSpan.FromMilliseconds(Argument(args, "--delay-ms", 5));
        var rounds = Argument(args, "--rounds", 7);
        var warmup = Argument(args, "--warmup", 10);

        await using var server = await FakeOpenAIServer.StartAsync();
        server.KeepRequests = false;
        var reply = new FakeReply { Content = "label", Delay = delay };
        server.Responder = _ => reply;
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = server.BaseUrl, DefaultModel = "bench-model", MaxConcurrency = parallel });
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null, Quiet = true };
        var single = new Workflow("single", [new LlmStep("ask", _ => "Classify this ticket: 0")]);
        var many = Workflow(items, parallel);

        // Warm-up: connections, the server's own paths, and tiered JIT, which on 2 cores competes with the run until
        // the hot paths reach tier 1 (a program that runs for long reaches the same state; a short one pays the JIT).
        for (var i = 0; i < warmup; i++)
        {
            await WorkflowRunner.RunAsync([single], options);
            await WorkflowRunner.RunAsync([many], options);
        }

        // One request's time and the foreach step's, alternating, so drift on a shared machine hits both.
        var client = await backend.GetClientAsync((ModelStep)many.Steps[0], null, CancellationToken.None);
        async Task<RunResult?> RawLoopAsync()
        {
            // The same requests straight through the backend's client, P at a time: what the runtime adds is the difference.
            var next = -1;
            async Task Worker()
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < items)
                {
                    var prompt = "Classify this ticket: ticket " + index.ToString(CultureInfo.InvariantCulture);
                    var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { ModelId = "bench-model" });
                    GC.KeepAlive(response.Text);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Worker()));
            return null;
        }

        for (var i = 0; i < warmup; i++)
        {
            await RawLoopAsync();
        }

        var singles = new List<double>();
        var totals = new List<double>();
        var raws = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                singles.Add(await TimeAsync(async () => await WorkflowRunner.RunAsync([single], options), 1));
            }

            totals.Add(await TimeAsync(async () => await WorkflowRunner.RunAsync([many], options), items));
            raws.Add(await TimeAsync(RawLoopAsync, items));
        }

        var one = Median(singles);
        var total = Median(totals);
        var ideal = Math.Ceiling((double)items / parallel) * one;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            foreach of {items} llm items at max_parallel {parallel}, server delay {delay.TotalMilliseconds} ms
            one request (a single llm step, median of {singles.Count}): {one:0.00} ms
            foreach step (median of {totals.Count}; min {totals.Min():0.0}, max {totals.Max():0.0}): {total:0.0} ms
            the same {items} requests straight through the backend's client, {parallel} at a time (median): {Median(raws):0.0} ms; foreach / raw = {total / Median(raws):0.000}
            ideal ceil({items}/{parallel}) x one request: {ideal:0.0} ms; median / ideal = {total / ideal:0.000}
            most requests the server saw at once: {server.MaxInFlight}
            """));
        return 0;
    }

    /// <summary>One foreach llm step over a JSON array input of <paramref name="items"/> strings, as <c>foreach: fromJSON(tickets)</c> compiles.</summary>
    internal static Workflow Workflow(int items, int parallel) => new(
        "many",
        [
            new LlmStep("classify", v => "Classify this ticket: " + v["item"])
            {
                Foreach = ForeachSource.FromJson("tickets"),
                MaxParallel = parallel,
                Output = "labels",
            },
        ])
    {
        Inputs = [new WorkflowInput("tickets", WorkflowInputType.String) { Default = Tickets(items) }],
    };

    internal static string Tickets(int items) =>
        JsonSerializer.Serialize(Enumerable.Range(0, items).Select(i => "ticket " + i.ToString(CultureInfo.InvariantCulture)));

    internal static async Task<double> TimeAsync(Func<Task<RunResult?>> run, int expectedItems)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (result is null)
        {
            return elapsed;
        }

        var step = result.Workflows[0].Steps[^1];
        if (result.Status != RunStatus.Succeeded || (step.Items?.Count ?? 1) != expectedItems)
        {
            throw new InvalidOperationException(result.Workflows.SelectMany(w => w.Steps).FirstOrDefault(s => s.Error is not null)?.Error ?? "the run failed");
        }

        return elapsed;
    }

    internal static int Argument(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
