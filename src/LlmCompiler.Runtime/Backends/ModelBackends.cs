namespace LlmCompiler.Runtime;

/// <summary>
/// The default backends of model steps, registered by the backend packages (LlmCompiler.Runtime.LlamaSharp for
/// <c>local_llm</c>, LlmCompiler.Runtime.OpenAI for <c>llm</c>). The runtime names neither package: each one
/// announces a plugin to the SDK, and the generated program calls it when its module loads.
/// </summary>
/// <remarks>
/// A run reads the registrations once, when it starts, and calls a factory only when the first step of that type
/// runs: a program without model steps never constructs a backend. Backends set on
/// <see cref="WorkflowRunOptions"/> win over these. Registration is thread-safe; the last one of a type wins.
/// </remarks>
public static class ModelBackends
{
    private static Func<ModelBackendContext, IModelBackend>? _local;
    private static Func<ModelBackendContext, IModelBackend>? _remote;

    /// <summary>Registers the factory of the backend that serves <c>local_llm</c> steps by default.</summary>
    /// <param name="factory">Creates the backend, once per run that needs it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public static void RegisterLocal(Func<ModelBackendContext, IModelBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Local = factory;
    }

    /// <summary>Registers the factory of the backend that serves <c>llm</c> steps by default.</summary>
    /// <param name="factory">Creates the backend, once per run that needs it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public static void RegisterRemote(Func<ModelBackendContext, IModelBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Remote = factory;
    }

    /// <summary>Gets the registered <c>local_llm</c> factory, or <see langword="null"/>; tests also set it.</summary>
    internal static Func<ModelBackendContext, IModelBackend>? Local
    {
        get => Volatile.Read(ref _local);
        set => Volatile.Write(ref _local, value);
    }

    /// <summary>Gets the registered <c>llm</c> factory, or <see langword="null"/>; tests also set it.</summary>
    internal static Func<ModelBackendContext, IModelBackend>? Remote
    {
        get => Volatile.Read(ref _remote);
        set => Volatile.Write(ref _remote, value);
    }
}
