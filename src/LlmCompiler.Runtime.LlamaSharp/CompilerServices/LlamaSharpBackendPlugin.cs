using System.ComponentModel;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>
/// Registers <see cref="LlamaModelBackend"/> as the backend of <c>local_llm</c> steps. The package's
/// <c>build/LlmCompiler.Runtime.LlamaSharp.props</c> announces it to the SDK, and the generated program calls it when
/// its module loads: a direct call, so trimming and Native AOT keep it. Not meant for other code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LlamaSharpBackendPlugin : ILlmCompilerPlugin
{
    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        registrations.RegisterBackend<IModelBackend>("local_llm", static context => new LlamaModelBackend(context.Progress));
    }
}
