using System.ComponentModel;
using LlmCompiler.Runtime.Hosting;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>
/// Registers the OTLP export of the program's spans and metrics. The package's
/// <c>build/LlmCompiler.Runtime.OpenTelemetry.props</c> announces it to the SDK, and the generated program calls it
/// when its module loads: a direct call, so trimming and Native AOT keep it. Not meant for other code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OpenTelemetryExportPlugin : ILlmCompilerPlugin
{
    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        registrations.RegisterTelemetryExport(static programName => OtlpExport.StartFromEnvironment(programName, Environment.GetEnvironmentVariable));
    }
}
