using System.Text;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.EndToEnd.Tests.Infrastructure.Otlp;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A program built with LlmCompilerOpenTelemetry sends its spans and metrics to an OTLP receiver named by the standard
/// environment variables, with no code of its own; one built without it carries nothing of OpenTelemetry and says so.
/// </summary>
[TestClass]
public sealed class OpenTelemetryEndToEndTests
{
    private const string Flow = """
        name: traced
        steps:
          - name: list
            type: shell
            command: printf 'a\nb\n'
            output: names
          - name: each
            type: shell
            foreach: lines(names)
            command: printf '%s' "{{item}}"
            output: echoed
          - name: ask
            type: llm
            model: m
            prompt: "Say {{echoed}}"
            output: answer
        """;

    private const string ExportingProject = """
        <PropertyGroup><LlmCompilerOpenTelemetry>true</LlmCompilerOpenTelemetry></PropertyGroup>
        <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
        """;

    [TestMethod]
    public async Task ABuiltProgramExportsItsSpanTreeAndMetricsOverOtlpWhenTheEnvironmentNamesAnEndpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await FakeOpenAIServer.StartAsync();
        var project = await TestProject.CreateAsync("otel_app", new Dictionary<string, string> { ["flow.yaml"] = Flow }, ExportingProject);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otel-e2e-service",
        });
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        // The program flushes its exporters before it exits, so everything has arrived by now.
        var spans = receiver.Spans;
        Assert.IsTrue(spans.Count > 0, "no span arrived");
        Assert.IsTrue(spans.All(s => s.Service == "otel-e2e-service"), "OTEL_SERVICE_NAME names the service");
        OtlpSpan One(string name) => spans.Single(s => s.Name == name);
        var root = One("run");
        Assert.AreEqual(string.Empty, root.ParentSpanId);
        Assert.AreEqual("succeeded", root.Attributes["llmc.status"]);
        var workflow = One("workflow traced");
        Assert.AreEqual(root.SpanId, workflow.ParentSpanId);
        foreach (var step in new[] { "step list", "step each", "step ask" })
        {
            Assert.AreEqual(workflow.SpanId, One(step).ParentSpanId, step);
            Assert.AreEqual(root.TraceId, One(step).TraceId, step);
        }

        Assert.AreEqual("shell", One("step list").Attributes["llmc.step.type"]);
        Assert.AreEqual(0L, One("step list").Attributes["process.exit.code"]);
        Assert.AreEqual(One("step each").SpanId, One("item 0").ParentSpanId);
        Assert.AreEqual(One("step each").SpanId, One("item 1").ParentSpanId);

        var ask = One("step ask");
        Assert.AreEqual("m", ask.Attributes["llmc.model"]);
        Assert.AreEqual(11L, ask.Attributes["llmc.usage.input_tokens"]);
        Assert.AreEqual(7L, ask.Attributes["llmc.usage.output_tokens"]);

        // The llm backend's own GenAI client span nests under the step that made the request, and only it carries
        // the GenAI conventions' attributes, so the call's tokens are counted once.
        var chat = spans.Single(s => s.Scope == "LlmCompiler.Runtime.Llm");
        Assert.AreEqual(ask.SpanId, chat.ParentSpanId);
        Assert.AreEqual("chat", chat.Attributes["gen_ai.operation.name"]);
        Assert.AreEqual(11L, chat.Attributes["gen_ai.usage.input_tokens"]);
        Assert.AreEqual(1, spans.Count(s => s.Attributes.ContainsKey("gen_ai.usage.input_tokens")));

        Assert.IsTrue(
            receiver.MetricRequests.Any(body => Encoding.UTF8.GetString(body).Contains("llmc.step.duration", StringComparison.Ordinal)),
            "the step duration metric arrived");
    }

    [TestMethod]
    public async Task AProgramBuiltWithoutExportCarriesNoOpenTelemetryAndSaysSoWhenAnEndpointIsSet()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var project = await TestProject.CreateAsync("otel_off", new Dictionary<string, string>
        {
            ["flow.yaml"] = "name: plain\nsteps:\n  - name: a\n    type: shell\n    command: echo hi\n",
        });
        var build = await project.BuildAsync("-o", "out");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsEmpty(Directory.GetFiles(project.PathOf("out"), "OpenTelemetry*.dll"));
        Assert.IsFalse(File.Exists(project.PathOf("out/LlmCompiler.Runtime.OpenTelemetry.dll")));

        var run = await ProcessRunner.RunAsync(project.PathOf("out/" + project.Name), [], project.Directory, new Dictionary<string, string?>(TestFeed.DotnetEnvironment)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
        });
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(1, CountOf(run.StandardError, "notice: OTEL_EXPORTER_OTLP_ENDPOINT is set, but this program was built without OTLP export"), run.ToString());
        StringAssert.Contains(run.StandardError, "<LlmCompilerOpenTelemetry>true</LlmCompilerOpenTelemetry>");
        Assert.IsEmpty(receiver.Spans);

        var quiet = await ProcessRunner.RunAsync(project.PathOf("out/" + project.Name), [], project.Directory, TestFeed.DotnetEnvironment);
        Assert.AreEqual(0, quiet.ExitCode, quiet.ToString());
        Assert.IsFalse(quiet.StandardError.Contains("OTEL", StringComparison.Ordinal), "no endpoint, no notice");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
