using System.Collections.Concurrent;
using System.Collections.Frozen;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// The backends of one run, by step kind: the ones the options set, else the ones plugins registered, each created
/// when the first step of its kind asks and disposed (when disposable) at the end of the run that created it.
/// </summary>
internal sealed class RunBackends : IDisposable, IAsyncDisposable
{
    private readonly Dictionary<string, object> _given;
    private readonly FrozenDictionary<string, Func<BackendContext, object>> _factories;
    private readonly TextWriter? _progress;
    private readonly ConcurrentDictionary<string, Lazy<object>> _created = new(StringComparer.Ordinal);

    public RunBackends(WorkflowRunOptions options, TextWriter? progress)
        : this(options, progress, PluginRegistry.Current)
    {
    }

    public RunBackends(WorkflowRunOptions options, TextWriter? progress, PluginRegistry registry)
    {
        // Options and registrations are read here, once per run: steps never look at the process's registry.
        _given = new Dictionary<string, object>(options.Backends, StringComparer.Ordinal);
        _factories = registry.Backends;
        _progress = progress;
    }

    /// <summary>Gets the backend of a step kind, or <see langword="null"/> when the program has none for it.</summary>
    /// <exception cref="StepFailedException">The backend of <paramref name="stepKind"/> is not a <typeparamref name="TBackend"/>.</exception>
    public TBackend? Get<TBackend>(string stepKind)
        where TBackend : class
    {
        var backend = _given.TryGetValue(stepKind, out var given) ? given : Created(stepKind);
        return backend switch
        {
            null => null,
            TBackend typed => typed,
            _ => throw new StepFailedException($"the backend for {stepKind} steps is a {backend.GetType().Name}, which is not the {typeof(TBackend).Name} these steps need"),
        };
    }

    public void Dispose()
    {
        foreach (var backend in CreatedBackends())
        {
            switch (backend)
            {
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                case IAsyncDisposable asyncDisposable:
                    // Only where the caller cannot wait (a worker's step host); a run waits in DisposeAsync.
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in CreatedBackends())
        {
            switch (backend)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private object? Created(string stepKind)
    {
        if (_created.TryGetValue(stepKind, out var created))
        {
            return created.Value;
        }

        return _factories.TryGetValue(stepKind, out var factory)
            ? _created.GetOrAdd(stepKind, kind => new Lazy<object>(() => factory(new BackendContext(kind, _progress)), LazyThreadSafetyMode.ExecutionAndPublication)).Value
            : null;
    }

    /// <summary>The backends this run created, in step-kind order so disposal is the same every time.</summary>
    private IEnumerable<object> CreatedBackends() =>
        _created.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => p.Value.IsValueCreated).Select(p => p.Value.Value);
}
