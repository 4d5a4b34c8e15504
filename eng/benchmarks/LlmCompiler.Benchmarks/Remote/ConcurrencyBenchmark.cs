using System.Diagnostics;
using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.Benchmarks.Remote;

/// <summary>
/// N concurrent workflows of one llm step each, against a loopback server that takes a fixed time per request,
/// with a concurrency limit L: the server must never see more than L at once, and the total should be close
/// to N / L × one request's time (the ideal when the limit is the only bottleneck).
/// </summary>
internal static class ConcurrencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var workflows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var limit = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var delay = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100);

        await using var server = await FakeOpenAIServer.StartAsync();
        var reply = new FakeReply { Content = "done", Delay = delay };
        server.Responder = _ => reply;
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = server.BaseUrl, DefaultModel = "bench-model", MaxConcurrency = limit });
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null, Quiet = true };
        Workflow Flow(int i) => new("w" + i.ToString(CultureInfo.InvariantCulture), [new LlmStep("ask", _ => "hi")]);

        // One request's time: the median of sequential single-workflow runs, after a warm-up.
        for (var i = 0; i < 3; i++)
        {
            await WorkflowRunner.RunAsync([Flow(i)], options);
        }

        var singles = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var clock = Stopwatch.StartNew();
            var single = await WorkflowRunner.RunAsync([Flow(i)], options);
            singles.Add(clock.Elapsed.TotalMilliseconds);
            Check(single);
        }

        singles.Sort();
        var one = singles[singles.Count / 2];
        var expected = (double)workflows / limit * one;
        var all = Enumerable.Range(0, workflows).Select(Flow).ToArray();
        var rounds = new List<double>();
        var maxInFlight = 0;
        for (var round = 0; round < 5; round++)
        {
            var before = server.RequestCount;
            var clock = Stopwatch.StartNew();
            var result = await WorkflowRunner.RunAsync(all, options);
            rounds.Add(clock.Elapsed.TotalMilliseconds);
            Check(result);
            if (server.RequestCount - before != workflows)
            {
                throw new InvalidOperationException("the server did not see one request per workflow");
            }

            maxInFlight = Math.Max(maxInFlight, server.MaxInFlight);
        }

        rounds.Sort();
        var median = rounds[rounds.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            workflows: {workflows}, limit: {limit}, server time per request: {delay.TotalMilliseconds} ms
            one request (median of {singles.Count}): {one:0.0} ms
            {workflows} workflows (5 runs): median {median:0.0} ms, min {rounds[0]:0.0} ms, max {rounds[^1]:0.0} ms
            ideal {workflows}/{limit} x one request: {expected:0.0} ms; median / ideal = {median / expected:0.000}
            most requests the server saw at once: {maxInFlight}
            """));
        return maxInFlight <= limit ? 0 : 1;
    }

    private static void Check(RunResult result)
    {
        if (result.Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException(result.Workflows.SelectMany(w => w.Steps).FirstOrDefault(s => s.Error is not null)?.Error ?? "the run failed");
        }
    }
}
