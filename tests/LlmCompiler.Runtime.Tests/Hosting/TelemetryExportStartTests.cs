using LlmCompiler.Runtime.Hosting;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Tests.Plugins;

namespace LlmCompiler.Runtime.Tests.Hosting;

/// <summary>
/// The program starts the telemetry export a plugin registered (LlmCompiler.Runtime.OpenTelemetry); without one it
/// exports nothing and, when the OpenTelemetry environment asks for an export, says once how to build a program that has it.
/// </summary>
[TestClass]
public sealed class TelemetryExportStartTests
{
    private const string Endpoint = "http://127.0.0.1:4318";

    [TestMethod]
    public void TheRegisteredExportStartsWithTheProgramsName()
    {
        string? startedFor = null;
        using var started = new MemoryStream();
        var registry = PluginRegistry.Empty.With([new DelegatePlugin(r => r.RegisterTelemetryExport(name =>
        {
            startedFor = name;
            return started;
        }))]);
        var log = new StringWriter();

        var export = TelemetryExportStart.Start(registry, "triage", Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", Endpoint)), log);

        Assert.AreSame(started, export);
        Assert.AreEqual("triage", startedFor);
        Assert.AreEqual(string.Empty, log.ToString());
    }

    [TestMethod]
    [DataRow("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [DataRow("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    [DataRow("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")]
    public void WithoutAnExportAnEndpointInTheEnvironmentGetsOneNoticeNamingTheSetting(string variable)
    {
        var log = new StringWriter();

        var export = TelemetryExportStart.Start(PluginRegistry.Empty, "triage", Environment((variable, Endpoint)), log);

        Assert.IsNull(export);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines);
        StringAssert.StartsWith(lines[0], $"notice: {variable} is set, but this program was built without OTLP export");
        StringAssert.Contains(lines[0], "<LlmCompilerOpenTelemetry>true</LlmCompilerOpenTelemetry>");
    }

    [TestMethod]
    public void WithoutAnExportNoEndpointOrADisabledSdkGetsNoNotice()
    {
        var log = new StringWriter();

        Assert.IsNull(TelemetryExportStart.Start(PluginRegistry.Empty, "triage", Environment(), log));
        Assert.IsNull(TelemetryExportStart.Start(PluginRegistry.Empty, "triage", Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", Endpoint), ("OTEL_SDK_DISABLED", "true")), log));

        Assert.AreEqual(string.Empty, log.ToString());
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
