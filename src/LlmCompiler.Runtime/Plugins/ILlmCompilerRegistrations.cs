namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// What a plugin can register, handed to <see cref="ILlmCompilerPlugin.Initialize"/>. The registrations of every
/// plugin of a program become one read-only registry when the plugins have run; each run reads it once, when it starts.
/// </summary>
/// <remarks>
/// Plugins run one after the other in ordinal order of their type names, so for a step kind, an engine name or the Pro
/// features the registration of the plugin that runs last wins. The object is valid only during
/// <see cref="ILlmCompilerPlugin.Initialize"/>: calls after it returned throw <see cref="InvalidOperationException"/>.
/// Not thread-safe: register from the thread that calls the plugin.
/// </remarks>
public interface ILlmCompilerRegistrations
{
    /// <summary>Registers the backend of a step kind: the service that kind's runner needs to run a step.</summary>
    /// <typeparam name="TBackend">The service; model steps (<c>llm</c>, <c>local_llm</c>) need an <see cref="IModelBackend"/>.</typeparam>
    /// <param name="stepKind">The step type as written in YAML, for example <c>local_llm</c>.</param>
    /// <param name="factory">Creates the backend, at most once per run: when the first step of the kind asks for it.</param>
    /// <remarks>
    /// A program without steps of the kind never creates it. A backend the run created is disposed when the run ends
    /// (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>). One set in <see cref="WorkflowRunOptions.Backends"/>
    /// is used instead, and left to its owner.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="stepKind"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    void RegisterBackend<TBackend>(string stepKind, Func<BackendContext, TBackend> factory)
        where TBackend : class;

    /// <summary>Registers an engine that runs the program's workflows somewhere other than in its own process.</summary>
    /// <param name="name">The name <c>--engine</c> and <c>LLMC_ENGINE</c> select it by, compared ignoring case.</param>
    /// <param name="factory">Creates the engine when a run or worker selects it.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or <c>embedded</c> (the built-in runner's name).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    void RegisterEngine(string name, Func<IWorkflowEngine> factory);

    /// <summary>Registers the features of the Pro edition (the seed's <c>pluginapi.Register</c>); it replaces an earlier inactive report.</summary>
    /// <param name="features">The features every run of the program uses.</param>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is <see langword="null"/>.</exception>
    void RegisterProFeatures(IProFeatures features);

    /// <summary>Records that the Pro edition is present but not active, and why; each run says so once. Ignored once features are registered.</summary>
    /// <param name="reason">A sentence for the user, for example "no license key in LLMC_PRO_LICENSE".</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is <see langword="null"/> or empty.</exception>
    void ReportProInactive(string reason);

    /// <summary>Registers what exports the program's spans and metrics (LlmCompiler.Runtime.OpenTelemetry: OTLP); the last registration wins.</summary>
    /// <param name="start">
    /// Called once when the program starts, with the program's name: starts exporting when the environment asks for it
    /// and returns what the program disposes when it exits (flushing what is pending), or <see langword="null"/>.
    /// </param>
    /// <remarks>A program without one exports nothing, and says so once when the OpenTelemetry environment asks for export.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="start"/> is <see langword="null"/>.</exception>
    void RegisterTelemetryExport(Func<string, IDisposable?> start);
}
