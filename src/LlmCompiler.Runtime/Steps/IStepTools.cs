using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// What offers a model step its <c>tools</c> (LlmCompiler.Runtime.Mcp's servers, registered as the <c>mcp</c> backend):
/// functions Microsoft.Extensions.AI's function invocation calls, each noting its calls in the attempt's <see cref="ToolCallLog"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStepTools
{
    /// <summary>The functions for the step's allowlist, named for the provider (<c>server__tool</c>).</summary>
    /// <exception cref="StepFailedException">A server cannot be started, or a listed tool does not exist.</exception>
    Task<IReadOnlyList<AIFunction>> ToolsAsync(ModelStep step, ToolCallLog log, CancellationToken cancellationToken);
}
