using System.ComponentModel;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask;

/// <summary>
/// Registers the <c>durabletask</c> engine. The package announces this type through an <c>LlmCompilerPlugin</c> item
/// (build/LlmCompiler.Runtime.DurableTask.props) and the generated program calls it when its module loads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DurableTaskEnginePlugin : ILlmCompilerPlugin
{
    /// <summary>The engine's name for <c>--engine</c> and <c>LLMC_ENGINE</c>.</summary>
    public const string EngineName = "durabletask";

    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        registrations.RegisterEngine(EngineName, static () => new DurableTaskEngine());
    }
}
