using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Benchmarks;

/// <summary>
/// Issue 14: what the runtime's spans and metrics cost. The workload is a foreach step of 1000 llm items answered
/// in-process at once (no network, no model: the runtime's own per-item work is all there is, so any telemetry cost
/// shows at its largest). It runs without any listener, as a program without OTEL_* variables does, against the same
/// run with a listener that samples every span and records every measurement; and the hooks' own cost without a
/// listener is timed directly, per item, against the time of one item.
/// </summary>
internal static class TelemetryOverheadBenchmark
{
    private const int Items = 1000;

    public static async Task RunAsync(int rounds)
    {
        var step = new LlmStep("each", v => "Classify " + v["item"])
        {
            Model = "m",
            Foreach = ForeachSource.List([.. Enumerable.Range(0, Items).Select(i => i.ToString(CultureInfo.InvariantCulture))]),
            MaxParallel = 8,
            Output = "labels",
        };
        var workflow = new Workflow("bench", [step]);
        var options = new WorkflowRunOptions { RemoteModels = new InstantBackend(), Output = TextWriter.Null, Log = TextWriter.Null, Quiet = true };
        async Task Run()
        {
            var result = await WorkflowRunner.RunAsync([workflow], options);
            if (result.Status != RunStatus.Succeeded || result.Workflows[0].Steps[0].Items!.Count != Items)
            {
                throw new InvalidOperationException("the benchmark workflow failed");
            }
        }

        // Off: nothing listens. On: a listener, added for the run and removed after it, samples and keeps every span
        // and takes every measurement.
        var spans = 0L;
        var measurements = 0L;
        async Task RunListened()
        {
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == WorkflowTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => Interlocked.Increment(ref spans),
            };
            ActivitySource.AddActivityListener(listener);
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == WorkflowTelemetry.SourceName)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measurements));
            meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
            meters.Start();
            await Run();
        }

        var off = await RatioBenchmark.RunAsync(
            $"foreach of {Items} in-process llm items: no listener (baseline) vs every span and metric recorded", Run, RunListened, rounds);
        Console.WriteLine($"spans recorded while on: {spans}, measurements: {measurements} (the off runs record none: nothing listens)");

        // The hooks without a listener, timed alone: the per-item calls of a step (start, finish) a million times.
        var hooks = HookCost(new Workflow("w", [step]), step);
        var perItem = off.Baseline * 1_000_000 / Items;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hooks without a listener: {hooks:0.0} ns per item (span start and finish, metrics check) against {perItem:0} ns per item of the run: {hooks / perItem:P3}"));
    }

    private static double HookCost(Workflow workflow, WorkflowStep step)
    {
        const int Calls = 1_000_000;
        var item = new ItemResult { Index = 0, Status = StepStatus.Succeeded };
        var stepResult = new StepResult { Name = step.Name, Kind = step.Kind, Status = StepStatus.Succeeded };
        for (var round = 0; ; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++)
            {
                using var activity = RunTelemetry.StartItem(step, i);
                RunTelemetry.ItemFinished(activity, item);
            }

            using (var activity = RunTelemetry.StartStep(workflow, step))
            {
                RunTelemetry.StepFinished(activity, workflow, step, stepResult);
            }

            if (round == 2)
            {
                return clock.Elapsed.TotalNanoseconds / Calls;
            }
        }
    }

    private sealed class InstantBackend : IModelBackend
    {
        private readonly IChatClient _client = new InstantChatClient();

        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) => ValueTask.FromResult(_client);
    }

    /// <summary>Answers at once, with usage, as a model that took no time would.</summary>
    private sealed class InstantChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "label")) { Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 1 } });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
