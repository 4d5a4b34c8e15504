using System.ComponentModel;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Remote;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>
/// Registers <see cref="OpenAIModelBackend.FromEnvironment"/> as the backend of <c>llm</c> steps. The
/// package's <c>build/LlmCompiler.Runtime.OpenAI.props</c> announces it to the SDK, and the generated program calls
/// it when its module loads: a direct call, so trimming and Native AOT keep it. Not meant for other code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OpenAIBackendPlugin : ILlmCompilerPlugin
{
    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        registrations.RegisterBackend<IModelBackend>("llm", static _ => OpenAIModelBackend.FromEnvironment());
    }
}
