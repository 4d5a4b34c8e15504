using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// Starts the telemetry export a plugin registered (LlmCompiler.Runtime.OpenTelemetry, which the SDK adds with
/// <c>LlmCompilerOpenTelemetry</c>). A program built without it carries nothing of OpenTelemetry; when the
/// OpenTelemetry environment nevertheless asks for an export, it says once that it cannot, and how to build one that can.
/// </summary>
internal static class TelemetryExportStart
{
    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>Starts exporting, or explains why nothing is exported; disposing the result flushes what is pending.</summary>
    /// <param name="registry">The program's plugin registrations.</param>
    /// <param name="programName">The program's name, the service name by default.</param>
    /// <param name="read">Reads an environment variable.</param>
    /// <param name="log">Where the notice goes.</param>
    public static IDisposable? Start(PluginRegistry registry, string programName, Func<string, string?> read, TextWriter log)
    {
        if (registry.TelemetryExport is { } start)
        {
            return start(programName);
        }

        var disabled = string.Equals(read("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
        if (!disabled && EndpointVariables.FirstOrDefault(name => !string.IsNullOrEmpty(read(name))) is { } asked)
        {
            log.WriteLine($"notice: {asked} is set, but this program was built without OTLP export, so it exports nothing. Build it with <LlmCompilerOpenTelemetry>true</LlmCompilerOpenTelemetry> to export its spans and metrics.");
        }

        return null;
    }
}
