using System.Diagnostics;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>Shared set-up of the remote llm tests: backends pointed at a fake server, one-step workflows.</summary>
internal static class RemoteTestKit
{
    /// <summary>Options for <paramref name="server"/> with retry delays short enough for tests.</summary>
    public static OpenAIModelBackendOptions OptionsFor(FakeOpenAIServer server, string? apiKey = null) => OptionsFor(server.BaseUrl, apiKey);

    public static OpenAIModelBackendOptions OptionsFor(Uri baseUrl, string? apiKey = null) => new()
    {
        BaseUrl = baseUrl,
        ApiKey = apiKey,
        DefaultModel = "test-model",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Runs one workflow of the given steps with <paramref name="backend"/> and quiet, captured output.</summary>
    public static async Task<(RunResult Result, string Console)> RunAsync(IModelBackend backend, params WorkflowStep[] steps)
    {
        var console = new StringWriter();
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = console, Log = console };
        var result = await WorkflowRunner.RunAsync([new Workflow("flow", steps)], options);
        return (result, console.ToString());
    }

    public static LlmStep Step(string prompt, string name = "ask", string? output = "answer") =>
        new(name, _ => prompt) { Output = output };

    public static StepResult OnlyStep(RunResult result) => result.Workflows.Single().Steps[0];

    /// <summary>Collects every activity of the backend's telemetry source into <paramref name="activities"/> (locked) until disposed.</summary>
    public static ActivityListener ListenToTelemetry(List<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OpenAIModelBackend.TelemetrySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
