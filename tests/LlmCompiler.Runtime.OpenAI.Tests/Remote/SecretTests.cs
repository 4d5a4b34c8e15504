using System.Diagnostics;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using Microsoft.Extensions.Logging;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>The API key reaches the server and nothing else: not the run file, the console, logs, telemetry or errors.</summary>
[TestClass]
public sealed class SecretTests
{
    private const string Key = "sk-test-5ecret-d0-not-leak-1234567890";

    [TestMethod]
    public async Task ApiKeyNeverAppearsInRunFileConsoleLogsTelemetryOrErrorsEvenWhenTheServerEchoesIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();

        // The worst server: it repeats the Authorization header back in its error bodies.
        server.Responder = r => r.Model switch
        {
            "unauthorized" => FakeReply.Error(401, "Incorrect API key provided: " + r.Authorization),
            "broken" => FakeReply.Error(503, "upstream rejected " + r.Authorization),
            "garbled" => new FakeReply { RawBody = "{\"key\": \"" + r.Authorization + "\", oops" },
            _ => new FakeReply { Content = "fine" },
        };
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var activities = new List<Activity>();
        using var listener = ListenToTelemetry(activities);
        using var backend = new OpenAIModelBackend(OptionsFor(server, Key) with { LoggerFactory = loggerFactory, MaxRetries = 1 });
        var console = new StringWriter();
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = console, Log = console };
        Workflow Flow(string model) => new("flow_" + model, [new LlmStep("ask", _ => "hello") { Model = model, Output = "answer" }]);

        var result = await WorkflowRunner.RunAsync([Flow("fine"), Flow("unauthorized"), Flow("broken"), Flow("garbled")], options);
        var runFilePath = Path.Combine(Path.GetTempPath(), "llmc-secret-" + Guid.NewGuid().ToString("N") + ".json");
        await RunFile.WriteAsync(runFilePath, result, "secrets");
        var runFile = await File.ReadAllTextAsync(runFilePath);
        File.Delete(runFilePath);

        Assert.IsTrue(server.Requests.All(r => r.Authorization == "Bearer " + Key), "the server must receive the key");
        Assert.AreEqual(RunStatus.Failed, result.Status);
        var errors = result.Workflows.Select(w => w.Steps[0].Error).OfType<string>().ToArray();
        Assert.AreEqual(3, errors.Length);
        StringAssert.Contains(runFile, "Incorrect API key provided: Bearer ***", "the server's message stays, the key goes");
        Assert.IsTrue(logs.Count > 0, "the logging middleware should have logged at trace level");
        Assert.IsTrue(activities.Count >= 4, "the telemetry middleware should have recorded every request");

        AssertNoKey(runFile, "run file");
        AssertNoKey(console.ToString(), "console");
        AssertNoKey(logs.Text, "logs");
        AssertNoKey(string.Join('\n', errors), "step errors");
        AssertNoKey(string.Join('\n', activities.SelectMany(a => a.Tags.Select(t => t.Key + "=" + t.Value))), "telemetry tags");
        AssertNoKey(string.Join('\n', activities.SelectMany(a => a.Events.Select(e => e.Name + string.Join(',', e.Tags)))), "telemetry events");
    }

    [TestMethod]
    public void OptionsDoNotPrintTheKey()
    {
        var options = new OpenAIModelBackendOptions { ApiKey = Key };
        AssertNoKey(options.ToString(), "ToString");
        StringAssert.Contains(options.ToString(), "ApiKey = set");
    }

    [TestMethod]
    public void EndpointInMessagesDropsUserInfoAndQuery()
    {
        var endpoint = RemoteErrors.Endpoint(new Uri("https://user:" + Key + "@llm.example/v1?api-key=" + Key));
        Assert.AreEqual("https://llm.example/v1", endpoint);
    }

    private static void AssertNoKey(string text, string where)
    {
        Assert.IsFalse(text.Contains(Key, StringComparison.Ordinal), $"the API key leaked into the {where}:\n{text}");
        Assert.IsFalse(text.Contains(Key[8..], StringComparison.Ordinal), $"part of the API key leaked into the {where}:\n{text}");
    }
}
