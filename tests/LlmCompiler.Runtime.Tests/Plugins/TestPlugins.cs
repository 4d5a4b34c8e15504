using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Tests.Plugins;

/// <summary>A plugin that registers whatever its callback does.</summary>
internal sealed class DelegatePlugin(Action<ILlmCompilerRegistrations> initialize) : ILlmCompilerPlugin
{
    public void Initialize(ILlmCompilerRegistrations registrations) => initialize(registrations);
}

/// <summary>
/// Makes the process's registry exactly what <paramref name="plugins"/> register, until disposed: tests that use it
/// change what every run in the process sees, so they are <c>[DoNotParallelize]</c>.
/// </summary>
internal sealed class RegisteredPlugins : IDisposable
{
    private readonly PluginRegistry _before;

    public RegisteredPlugins(params Action<ILlmCompilerRegistrations>[] plugins) =>
        _before = PluginRegistry.Exchange(PluginRegistry.Empty.With(plugins.Select(p => new DelegatePlugin(p))));

    public void Dispose() => PluginRegistry.Exchange(_before);
}
