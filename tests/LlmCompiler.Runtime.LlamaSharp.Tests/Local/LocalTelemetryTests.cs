using System.Diagnostics;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>A local_llm call reports itself as the llm backend's do: one GenAI client span, under the step's internal span.</summary>
[TestClass]
public sealed class LocalTelemetryTests
{
    [TestMethod]
    public async Task ALocalCallsTokensAreCountedOnceOnItsOwnChatClientSpan()
    {
        var model = TestModels.Write("telemetry");
        var name = "local_traced_" + Guid.NewGuid().ToString("N");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is WorkflowTelemetry.SourceName or LlamaModelBackend.TelemetrySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var result = await WorkflowRunner.RunAsync([new Workflow(name, [TestModels.Step("generate", model, "Hello", maxTokens: 4)])], TestModels.QuietOptions());
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        var step = result.Workflows[0].Steps[0];

        List<Activity> trace;
        lock (spans)
        {
            // Other tests run at the same time: keep only this run's trace.
            var workflow = spans.Single(s => s.DisplayName == "workflow " + name);
            trace = spans.Where(s => s.TraceId == workflow.TraceId).ToList();
        }

        var chat = trace.Single(s => s.Source.Name == LlamaModelBackend.TelemetrySourceName);
        var stepSpan = trace.Single(s => s.DisplayName == "step generate");
        Assert.AreEqual(stepSpan.SpanId, chat.ParentSpanId);
        Assert.AreEqual(ActivityKind.Client, chat.Kind);
        Assert.AreEqual("chat", chat.GetTagItem("gen_ai.operation.name"));
        long Sum(string attribute) => trace.Sum(s => Convert.ToInt64(s.GetTagItem(attribute) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(step.InputTokens, Sum("gen_ai.usage.input_tokens"));
        Assert.AreEqual(step.OutputTokens, Sum("gen_ai.usage.output_tokens"));
        Assert.AreEqual(step.OutputTokens, stepSpan.GetTagItem("llmc.usage.output_tokens"));
    }
}
