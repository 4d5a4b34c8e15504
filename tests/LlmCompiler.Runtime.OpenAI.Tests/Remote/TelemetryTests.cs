using System.Diagnostics;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
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
}
