using System.ComponentModel;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>
/// Starts the plugins of a program: what the module initializer the compiler emits calls, with one instance of each
/// type the referenced packages announce (<c>LlmCompilerPlugin</c> items). Hidden from IntelliSense, as is everything
/// in this namespace.
/// </summary>
/// <remarks>
/// A host that runs workflows without a generated program (a test, a benchmark) calls it the same way. The plugins'
/// registrations are added to the process's registry all at once, after the last plugin returned; runs started
/// afterwards use them, runs already going keep what they read when they started. Thread-safe.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PluginStartup
{
    /// <summary>Calls <see cref="ILlmCompilerPlugin.Initialize"/> on each plugin in order and publishes what they registered.</summary>
    /// <param name="plugins">The plugins; the generated code passes them in ordinal order of their type names.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plugins"/> or one of them is <see langword="null"/>.</exception>
    public static void Initialize(params ILlmCompilerPlugin[] plugins) => PluginRegistry.Initialize(plugins);
}
