using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime;

/// <summary>Supplies the <see cref="IChatClient"/> that serves a model step.</summary>
/// <remarks>
/// The runtime asks once per step. Implementations cache clients themselves (a local backend loads each model
/// file once per process) and must be safe to call from several workflows at once.
/// </remarks>
public interface IModelBackend
{
    /// <summary>Gets the client for a step.</summary>
    /// <param name="step">The step about to run.</param>
    /// <param name="model">The resolved model name or path.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>The client that serves <paramref name="model"/>.</returns>
    ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken);
}
