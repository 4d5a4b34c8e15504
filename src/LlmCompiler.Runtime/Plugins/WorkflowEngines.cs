namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// The engines a program can run on besides the embedded runner, registered by engine packages from the module
/// initializer the compiler emits (an <c>LlmCompilerPlugin</c> item, as for model backends): no reflection.
/// </summary>
public static class WorkflowEngines
{
    /// <summary>The name of the in-process runner, always available.</summary>
    public const string Embedded = "embedded";

    private static readonly Dictionary<string, Func<IWorkflowEngine>> Registered = new(StringComparer.OrdinalIgnoreCase);
    private static readonly object Gate = new();

    /// <summary>Registers an engine under <paramref name="name"/>; the last registration of a name wins.</summary>
    /// <param name="name">The name <c>--engine</c> selects it by.</param>
    /// <param name="factory">Creates the engine when a run or worker selects it.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <c>embedded</c>.</exception>
    public static void Register(string name, Func<IWorkflowEngine> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.Equals(name, Embedded, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'embedded' is the built-in runner's name.", nameof(name));
        }

        lock (Gate)
        {
            Registered[name] = factory;
        }
    }

    /// <summary>Returns the names a run can select: <c>embedded</c>, then the registered engines in name order.</summary>
    internal static IReadOnlyList<string> Names()
    {
        lock (Gate)
        {
            return [Embedded, .. Registered.Keys.Order(StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Returns the factory registered as <paramref name="name"/>, or <see langword="null"/>.</summary>
    internal static Func<IWorkflowEngine>? Find(string name)
    {
        lock (Gate)
        {
            return Registered.TryGetValue(name, out var factory) ? factory : null;
        }
    }
}
