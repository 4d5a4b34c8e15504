using System.Collections.Frozen;

namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// What the program's plugins registered, read-only: backends by step kind, engines by name, the Pro edition. There is
/// one per process (<see cref="Current"/>), replaced as a whole when plugins are initialized (the generated module
/// initializer, through <see cref="CompilerServices.PluginStartup"/>); a run reads it once, when it starts.
/// </summary>
internal sealed class PluginRegistry
{
    /// <summary>The name of the in-process runner, always available and never registered.</summary>
    public const string EmbeddedEngine = "embedded";

    private static readonly object Gate = new();

    public PluginRegistry(
        IReadOnlyDictionary<string, Func<BackendContext, object>> backends,
        IReadOnlyDictionary<string, Func<IWorkflowEngine>> engines,
        IProFeatures? proFeatures,
        string? proInactiveReason,
        Func<string, IDisposable?>? telemetryExport = null)
    {
        Backends = backends.ToFrozenDictionary(StringComparer.Ordinal);
        Engines = engines.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        ProFeatures = proFeatures;
        ProInactiveReason = proFeatures is null ? proInactiveReason : null;
        TelemetryExport = telemetryExport;
        EngineNames = [EmbeddedEngine, .. Engines.Keys.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Gets the registry of a program without plugins: the community edition, the embedded engine, no backends.</summary>
    public static PluginRegistry Empty { get; } = new(
        FrozenDictionary<string, Func<BackendContext, object>>.Empty,
        FrozenDictionary<string, Func<IWorkflowEngine>>.Empty,
        null,
        null);

    // After Empty: static initializers run in text order.
    private static PluginRegistry _current = Empty;

    /// <summary>Gets the registry runs started now use.</summary>
    public static PluginRegistry Current => Volatile.Read(ref _current);

    /// <summary>Gets the backend factories by step kind (ordinal).</summary>
    public FrozenDictionary<string, Func<BackendContext, object>> Backends { get; }

    /// <summary>Gets the engine factories by name (ignoring case).</summary>
    public FrozenDictionary<string, Func<IWorkflowEngine>> Engines { get; }

    /// <summary>Gets the names a run can select: <c>embedded</c>, then the registered engines in name order.</summary>
    public IReadOnlyList<string> EngineNames { get; }

    /// <summary>Gets the registered Pro features, or <see langword="null"/>.</summary>
    public IProFeatures? ProFeatures { get; }

    /// <summary>Gets why a present Pro edition did not activate, or <see langword="null"/>.</summary>
    public string? ProInactiveReason { get; }

    /// <summary>Gets what starts exporting spans and metrics (<see cref="ILlmCompilerRegistrations.RegisterTelemetryExport"/>), or <see langword="null"/> when no plugin registered one.</summary>
    public Func<string, IDisposable?>? TelemetryExport { get; }

    /// <summary>Initializes <paramref name="plugins"/> in order on top of the current registry and makes the result current.</summary>
    /// <remarks>
    /// Additive, so two generated assemblies in one process both count; all or nothing, so a plugin that throws
    /// leaves the registry as it was. Serialized: module initializers of two assemblies may run at once.
    /// </remarks>
    public static void Initialize(IEnumerable<ILlmCompilerPlugin> plugins)
    {
        lock (Gate)
        {
            Volatile.Write(ref _current, Current.With(plugins));
        }
    }

    /// <summary>Makes <paramref name="registry"/> current and returns the one it replaces. For tests.</summary>
    public static PluginRegistry Exchange(PluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (Gate)
        {
            return Interlocked.Exchange(ref _current, registry);
        }
    }

    /// <summary>Returns this registry plus what <paramref name="plugins"/> register, in order.</summary>
    public PluginRegistry With(IEnumerable<ILlmCompilerPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var registrations = new PluginRegistrations(this);
        foreach (var plugin in plugins)
        {
            ArgumentNullException.ThrowIfNull(plugin, nameof(plugins));
            plugin.Initialize(registrations);
        }

        return registrations.Close();
    }
}
