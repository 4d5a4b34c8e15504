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

        // Measured on 2 cores: one thread was fastest for small models, alone and batched.
        return modelBytes < SmallModelBytes ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 16);
    }
}
