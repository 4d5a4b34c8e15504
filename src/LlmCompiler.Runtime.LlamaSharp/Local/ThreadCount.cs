using System.Globalization;

namespace LlmCompiler.Runtime.Local;

/// <summary>How many CPU threads llama.cpp uses for a model.</summary>
internal static class ThreadCount
{
    /// <summary>Below this size a model's decode is dominated by per-token overhead, where extra threads only add synchronisation.</summary>
    private const long SmallModelBytes = 64L * 1024 * 1024;

    public static int For(long modelBytes)
    {
        var configured = Environment.GetEnvironmentVariable(LlamaModelBackend.ThreadsVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threads) && threads > 0)
            {
                return threads;
            }

            throw new StepFailedException($"{LlamaModelBackend.ThreadsVariable}='{configured}' is not a positive whole number");
        }

        // Measured on 2 shared cores (docs/benchmarks.md): llama.cpp's threads spin while they wait for each other, so
        // threads on every core collapse throughput as soon as anything else runs (a small model fell from ~4,000 to
        // ~100 tokens/s with 2 threads on 2 busy cores). One thread for small models, where decoding is mostly
        // per-token overhead; half the logical processors (about the physical cores, llama.cpp's own default) otherwise.
        return modelBytes < SmallModelBytes ? 1 : Math.Clamp(Environment.ProcessorCount / 2, 1, 16);
    }
}
