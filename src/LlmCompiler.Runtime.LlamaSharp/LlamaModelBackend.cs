using LlmCompiler.Runtime.Local;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime;

/// <summary>Runs <c>local_llm</c> steps on GGUF models in this process with LLamaSharp (llama.cpp).</summary>
/// <remarks>
/// <para>
/// Each model file is loaded once per process, whichever backend instance asks, and stays loaded until the process
/// exits. Concurrent requests on one model are decoded together as parallel sequences of one batch.
/// </para>
/// <para>
/// <c>model</c> is an absolute path, a path relative to the working directory, or an environment reference:
/// <c>${LLMC_MODEL}</c>, or <c>${LLMC_MODEL:-fallback.gguf}</c> with a default. The GGUF's chat template formats
/// the prompt when the file has one; otherwise the prompt is a plain completion. With the same model, prompt and
/// seed, output repeats exactly; the default seed is fixed.
/// </para>
/// <para>
/// Environment: <see cref="ThreadsVariable"/> sets the CPU thread count; <see cref="NativeLogVariable"/> names a
/// file that receives llama.cpp's log, which is otherwise silenced.
/// </para>
/// </remarks>
public sealed class LlamaModelBackend : IModelBackend
{
    /// <summary>The environment variable naming a file for llama.cpp's own log (appended to).</summary>
    public const string NativeLogVariable = "LLMC_NATIVE_LOG";

    /// <summary>The environment variable that sets the CPU thread count (the Go original's name).</summary>
    public const string ThreadsVariable = "LLAMA_THREADS";

    /// <summary>The most tokens a step generates unless it sets <c>max_tokens</c>.</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>The sampling seed unless a step sets <c>seed</c>: fixed, so reruns repeat.</summary>
    public const long DefaultSeed = 42;

    /// <summary>The sampling temperature unless a step sets <c>temperature</c> (llama.cpp's default); 0 is greedy.</summary>
    public const float DefaultTemperature = 0.8f;

    /// <summary>The nucleus probability unless a step sets <c>top_p</c> (llama.cpp's default).</summary>
    public const float DefaultTopP = 0.95f;

    /// <summary>The top-k limit unless a step sets <c>top_k</c> (llama.cpp's default).</summary>
    public const int DefaultTopK = 40;

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> of the
    /// GenAI client spans and metrics (Microsoft.Extensions.AI's <c>UseOpenTelemetry</c>) of <c>local_llm</c> steps.
    /// </summary>
    public const string TelemetrySourceName = "LlmCompiler.Runtime.LocalLlm";

    private readonly TextWriter? _progress;

    /// <summary>Creates a backend.</summary>
    /// <param name="progress">Where generating steps report progress (tokens so far, tokens/s); <see langword="null"/> for none.</param>
    public LlamaModelBackend(TextWriter? progress = null) => _progress = progress;

    /// <inheritdoc/>
    public async ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var path = ModelPath.Resolve(model);
        var loaded = await ModelCache.GetAsync(path, cancellationToken).ConfigureAwait(false);

        // The call's GenAI client span, as the llm backend has: the step's own span carries no gen_ai.* attributes.
        return new ChatClientBuilder(new LocalChatClient(loaded, _progress, step.Name))
            .UseOpenTelemetry(sourceName: TelemetrySourceName)
            .Build();
    }

    /// <summary>Gets a chat client for a GGUF model, loading it on first use; for code outside workflows.</summary>
    /// <param name="model">The model path or environment reference, as a step's <c>model</c> would give it.</param>
    /// <param name="cancellationToken">Stops waiting for the load.</param>
    /// <returns>A client for the model; disposing it leaves the model loaded.</returns>
    /// <exception cref="StepFailedException">The model cannot be found or loaded; the message names the resolved path.</exception>
    public async ValueTask<IChatClient> GetClientAsync(string model, CancellationToken cancellationToken = default)
    {
        var path = ModelPath.Resolve(model);
        var loaded = await ModelCache.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return new LocalChatClient(loaded, _progress, Path.GetFileName(path));
    }

    /// <summary>Gets how many times a model file has been loaded in this process (1 once loaded: models are shared). For tests and benchmarks.</summary>
    /// <param name="model">The model path or environment reference.</param>
    /// <returns>The load count of the resolved path.</returns>
    internal static int LoadCount(string model) => ModelCache.LoadCount(ModelPath.Resolve(model));
}
