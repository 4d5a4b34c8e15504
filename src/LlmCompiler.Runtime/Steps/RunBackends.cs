namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// The model backends of one run: the ones the options set, else the registered defaults, each created when the
/// first step of its type asks and disposed (when disposable) at the end of the run that created it.
/// </summary>
internal sealed class RunBackends : IDisposable
{
    private readonly Slot _local;
    private readonly Slot _remote;

    public RunBackends(WorkflowRunOptions options, TextWriter? progress)
    {
        // The registrations are read here, once per run: steps never look at the static registry.
        var context = new ModelBackendContext(progress);
        _local = new Slot(options.LocalModels, ModelBackends.Local, context);
        _remote = new Slot(options.RemoteModels, ModelBackends.Remote, context);
    }

    /// <summary>Gets the backend for a step, or <see langword="null"/> when the program has none for its type.</summary>
    public IModelBackend? For(ModelStep step) => step is LocalLlmStep ? _local.Get() : _remote.Get();

    public void Dispose()
    {
        _local.Dispose();
        _remote.Dispose();
    }

    /// <summary>One step type's backend: given, or made on demand from a factory.</summary>
    private sealed class Slot : IDisposable
    {
        private readonly IModelBackend? _given;
        private readonly Lazy<IModelBackend>? _created;

        public Slot(IModelBackend? given, Func<ModelBackendContext, IModelBackend>? factory, ModelBackendContext context)
        {
            _given = given;
            if (given is null && factory is not null)
            {
                _created = new Lazy<IModelBackend>(() => factory(context), LazyThreadSafetyMode.ExecutionAndPublication);
            }
        }

        public IModelBackend? Get() => _given ?? _created?.Value;

        public void Dispose()
        {
            if (_created is { IsValueCreated: true, Value: IDisposable disposable })
            {
                disposable.Dispose();
            }
        }
    }
}
