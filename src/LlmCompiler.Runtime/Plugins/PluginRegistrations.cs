namespace LlmCompiler.Runtime.Plugins;

/// <summary>The registrations plugins write into, on top of an existing registry, until <see cref="Close"/> freezes them.</summary>
internal sealed class PluginRegistrations : ILlmCompilerRegistrations
{
    private readonly Dictionary<string, Func<BackendContext, object>> _backends;
    private readonly Dictionary<string, Func<IWorkflowEngine>> _engines;
    private IProFeatures? _proFeatures;
    private string? _proInactiveReason;
    private Func<string, IDisposable?>? _telemetryExport;
    private bool _closed;

    public PluginRegistrations(PluginRegistry start)
    {
        _backends = new(start.Backends, StringComparer.Ordinal);
        _engines = new(start.Engines, StringComparer.OrdinalIgnoreCase);
        _proFeatures = start.ProFeatures;
        _proInactiveReason = start.ProInactiveReason;
        _telemetryExport = start.TelemetryExport;
    }

    public void RegisterBackend<TBackend>(string stepKind, Func<BackendContext, TBackend> factory)
        where TBackend : class
    {
        ArgumentException.ThrowIfNullOrEmpty(stepKind);
        ArgumentNullException.ThrowIfNull(factory);
        ThrowIfClosed();
        _backends[stepKind] = factory;
    }

    public void RegisterEngine(string name, Func<IWorkflowEngine> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.Equals(name, PluginRegistry.EmbeddedEngine, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{PluginRegistry.EmbeddedEngine}' is the built-in runner's name.", nameof(name));
        }

        ThrowIfClosed();
        _engines[name] = factory;
    }

    public void RegisterProFeatures(IProFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ThrowIfClosed();
        _proFeatures = features;
        _proInactiveReason = null;
    }

    public void ReportProInactive(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ThrowIfClosed();
        if (_proFeatures is null)
        {
            _proInactiveReason = reason;
        }
    }

    /// <summary>Freezes what was registered; later calls throw.</summary>
    public void RegisterTelemetryExport(Func<string, IDisposable?> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        ThrowIfClosed();
        _telemetryExport = start;
    }

    public PluginRegistry Close()
    {
        _closed = true;
        return new PluginRegistry(_backends, _engines, _proFeatures, _proInactiveReason, _telemetryExport);
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("A plugin registers only while its Initialize runs: these registrations are closed.");
        }
    }
}
