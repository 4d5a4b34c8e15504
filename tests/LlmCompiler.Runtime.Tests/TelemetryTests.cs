using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmCompiler.Runtime.Tests;

/// <summary>The run's spans and metrics through <see cref="WorkflowTelemetry.SourceName"/>, read with OpenTelemetry's in-memory exporter.</summary>
[TestClass]
public sealed class TelemetryTests
{
    private static WorkflowRunOptions Quiet(IModelBackend? remote = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, RemoteModels = remote };

    [TestMethod]
    public async Task SpansNestRunWorkflowStepAndItemWithStatusTypeExitCodeModelAndTokensUnderLlmcNames()
    {
        var spans = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(WorkflowTelemetry.SourceName).AddInMemoryExporter(spans).Build())
        {
            var workflow = new Workflow("traced_" + Guid.NewGuid().ToString("N"),
            [
                new ShellStep("list", "printf 'a\\nb\\n'") { Output = "names" },
                new LlmStep("classify", v => "classify " + v["item"]) { Model = "tiny", Foreach = ForeachSource.Lines("names"), MaxParallel = 2, Output = "labels" },
                new ShellStep("fail", "exit 3"),
            ]);
            var result = await WorkflowRunner.RunAsync([workflow], Quiet(new Backend(new TokenChatClient())));
            Assert.AreEqual(RunStatus.Failed, result.Status);
        }

        // Other tests run at the same time: keep only this run's trace.
        var workflowSpan = spans.Single(s => s.DisplayName.StartsWith("workflow traced_", StringComparison.Ordinal) && s.Status == ActivityStatusCode.Error);
        var trace = spans.Where(s => s.TraceId == workflowSpan.TraceId).ToList();
        var run = trace.Single(s => s.DisplayName == "run");
        Assert.IsNull(run.ParentId);
        Assert.AreEqual("failed", run.GetTagItem("llmc.status"));
        Assert.AreEqual(run.SpanId, workflowSpan.ParentSpanId);
        Assert.AreEqual("failed", workflowSpan.GetTagItem("llmc.status"));

        var steps = trace.Where(s => s.ParentSpanId == workflowSpan.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        CollectionAssert.AreEqual(new[] { "step list", "step classify", "step fail" }, steps.Select(s => s.DisplayName).ToArray());
        Assert.AreEqual("shell", steps[0].GetTagItem("llmc.step.type"));
        Assert.AreEqual(0, steps[0].GetTagItem("process.exit.code"));
        Assert.AreEqual("succeeded", steps[0].GetTagItem("llmc.status"));

        var classify = steps[1];
        Assert.AreEqual("llm", classify.GetTagItem("llmc.step.type"));
        Assert.AreEqual("tiny", classify.GetTagItem("llmc.model"));
        Assert.AreEqual(10L, classify.GetTagItem("llmc.usage.input_tokens"), "a foreach step's tokens are its items' sum");
        Assert.AreEqual(4L, classify.GetTagItem("llmc.usage.output_tokens"));
        Assert.AreEqual(2, classify.GetTagItem("llmc.items"));

        var items = trace.Where(s => s.ParentSpanId == classify.SpanId).OrderBy(s => s.GetTagItem("llmc.item.index")).ToList();
        CollectionAssert.AreEqual(new[] { "item 0", "item 1" }, items.Select(s => s.DisplayName).ToArray());
        Assert.IsTrue(items.All(i => (string?)i.GetTagItem("llmc.status") == "succeeded" && (long?)i.GetTagItem("llmc.usage.output_tokens") == 2));

        // Internal spans: the gen_ai.* attributes belong to the model call's own client span, which this fake client has not.
        var genAi = trace.SelectMany(s => s.TagObjects.Where(t => t.Key.StartsWith("gen_ai.", StringComparison.Ordinal)).Select(t => $"{s.DisplayName}: {t.Key}")).ToList();
        Assert.AreEqual(0, genAi.Count, string.Join(", ", genAi));
        Assert.IsTrue(trace.All(s => s.Kind == ActivityKind.Internal));

        Assert.AreEqual(ActivityStatusCode.Error, steps[2].Status);
        Assert.AreEqual(3, steps[2].GetTagItem("process.exit.code"));
        Assert.AreEqual("failed", steps[2].GetTagItem("llmc.status"));
    }

    [TestMethod]
    public async Task StepDurationsAndTokensAreRecordedThroughTheMeter()
    {
        var metrics = new List<Metric>();
        var name = "metered_" + Guid.NewGuid().ToString("N");
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(WorkflowTelemetry.SourceName).AddInMemoryExporter(metrics).Build())
        {
            var workflow = new Workflow(name, [new ShellStep("one", "true"), new LlmStep("ask", _ => "hi") { Model = "tiny" }]);
            var result = await WorkflowRunner.RunAsync([workflow], Quiet(new Backend(new TokenChatClient())));
            Assert.AreEqual(RunStatus.Succeeded, result.Status);
        }

        var durations = Points(metrics, "llmc.step.duration").Where(p => Tag(p, "llmc.workflow") as string == name).ToList();
        CollectionAssert.AreEquivalent(new[] { "one", "ask" }, durations.Select(p => Tag(p, "llmc.step")).ToArray());
        Assert.IsTrue(durations.All(p => p.GetHistogramCount() == 1 && (string?)Tag(p, "llmc.status") == "succeeded"));

        var tokens = Points(metrics, "llmc.step.token.usage").Where(p => (string?)Tag(p, "gen_ai.request.model") == "tiny").ToList();
        Assert.IsTrue(tokens.Any(p => (string?)Tag(p, "gen_ai.token.type") == "input" && p.GetHistogramSum() >= 5));
        Assert.IsTrue(tokens.Any(p => (string?)Tag(p, "gen_ai.token.type") == "output" && p.GetHistogramSum() >= 2));
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private sealed class Backend(IChatClient client) : IModelBackend
    {
        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) => ValueTask.FromResult(client);
    }

    /// <summary>Answers "ok" reporting 5 prompt and 2 generated tokens.</summary>
    private sealed class TokenChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 } });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
