using System.Diagnostics;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>The client pipeline reports each request through Microsoft.Extensions.AI's OpenTelemetry middleware.</summary>
[TestClass]
public sealed class TelemetryTests
{
    [TestMethod]
    public async Task EachRequestIsAnActivityWithModelAndTokenUsage()
    {
        var model = "telemetry-" + Guid.NewGuid().ToString("N");
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { PromptTokens = 13, CompletionTokens = 5 };
        var activities = new List<Activity>();
        using var listener = ListenToTelemetry(activities);
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, console) = await RunAsync(backend, new LlmStep("ask", _ => "hi") { Model = model });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Activity activity;
        lock (activities)
        {
            activity = activities.Single(a => (a.GetTagItem("gen_ai.request.model") as string) == model);
        }

        Assert.AreEqual(13L, Convert.ToInt64(activity.GetTagItem("gen_ai.usage.input_tokens")));
        Assert.AreEqual(5L, Convert.ToInt64(activity.GetTagItem("gen_ai.usage.output_tokens")));
    }

    [TestMethod]
    public async Task ATracesTokenUsageIsCountedOnceOnTheChatClientSpanOfTheCall()
    {
        var model = "counted-" + Guid.NewGuid().ToString("N");
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { PromptTokens = 13, CompletionTokens = 5 };
        var spans = new List<Activity>();

        // The sources a generated program exports (OtlpExport): the runtime's and every backend's beneath its name.
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(WorkflowTelemetry.SourceName + "*").AddInMemoryExporter(spans).Build())
        {
            using var backend = new OpenAIModelBackend(OptionsFor(server));
            var (result, console) = await RunAsync(backend, new LlmStep("ask", _ => "hi") { Model = model });
            Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        }

        // Other tests run at the same time: keep only this call's trace.
        var chat = spans.Single(s => s.Source.Name == OpenAIModelBackend.TelemetrySourceName && (s.GetTagItem("gen_ai.request.model") as string) == model);
        var trace = spans.Where(s => s.TraceId == chat.TraceId).ToList();
        long Sum(string attribute) => trace.Sum(s => Convert.ToInt64(s.GetTagItem(attribute) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(13L, Sum("gen_ai.usage.input_tokens"), Describe(trace));
        Assert.AreEqual(5L, Sum("gen_ai.usage.output_tokens"), Describe(trace));

        // The call is the GenAI client span, under the step's internal span, which keeps its tokens under llmc.* names.
        var step = trace.Single(s => s.DisplayName == "step ask");
        Assert.AreEqual(step.SpanId, chat.ParentSpanId);
        Assert.AreEqual(ActivityKind.Client, chat.Kind);
        Assert.AreEqual("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.AreEqual(ActivityKind.Internal, step.Kind);
        Assert.AreEqual(13L, step.GetTagItem("llmc.usage.input_tokens"));
        Assert.AreEqual(model, step.GetTagItem("llmc.model"));
        Assert.AreEqual(1, trace.Count(s => s.GetTagItem("gen_ai.operation.name") is not null), "one GenAI span for one call");
    }

    private static string Describe(List<Activity> trace) =>
        string.Join("\n", trace.Select(s => $"{s.Source.Name} {s.DisplayName}: {string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"));
}
