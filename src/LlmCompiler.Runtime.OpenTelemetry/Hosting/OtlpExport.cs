using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// Exports a generated program's spans and metrics over OTLP when the standard OpenTelemetry environment variables
/// ask for it (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or a signal's own endpoint; <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>… are read by the OpenTelemetry SDK). Without
/// them nothing of OpenTelemetry is loaded: <see cref="Start"/> is the only code that names its types.
/// </summary>
internal static class OtlpExport
{
    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>Starts exporting when an endpoint is configured; disposing the result flushes what is pending.</summary>
    /// <param name="programName">The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</param>
    /// <param name="read">Reads an environment variable.</param>
    public static IDisposable? StartFromEnvironment(string programName, Func<string, string?> read)
    {
        var disabled = string.Equals(read("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
        return !disabled && EndpointVariables.Any(name => !string.IsNullOrEmpty(read(name))) ? Start(programName) : null;
    }

    // IDisposable, not Providers: the caller's JIT then needs no type that names OpenTelemetry's.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Keeps OpenTelemetry's types out of the caller.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDisposable Start(string programName)
    {
        // Later detectors win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the program's name.
        var resource = ResourceBuilder.CreateEmpty().AddService(programName).AddTelemetrySdk().AddEnvironmentVariableDetector();

        // The trailing * takes the backends' sources too (LlmCompiler.Runtime.Llm: the llm client's GenAI spans).
        const string Sources = WorkflowTelemetry.SourceName + "*";
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources).AddOtlpExporter().Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Sources).AddOtlpExporter().Build();
        return new Providers(traces, metrics);
    }

    private sealed class Providers(TracerProvider? traces, MeterProvider? metrics) : IDisposable
    {
        public void Dispose()
        {
            // Disposing shuts the exporters down, which sends what is batched.
            traces?.Dispose();
            metrics?.Dispose();
        }
    }
}
