using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace LlmCompiler.LocalLlm.Benchmarks;

/// <summary>The baseline: the least code that generates with LLamaSharp, greedy, one sequence, same context settings as the backend.</summary>
internal sealed class RawLlamaLoop : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    public RawLlamaLoop(string path, int threads, uint contextSize)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = contextSize,
            BatchSize = contextSize,
            SeqMax = 8,
            KVUnified = true,
            FlashAttention = false,
            Threads = threads,
            BatchThreads = threads,
        };
        _weights = LLamaWeights.LoadFromFile(parameters);
        _context = _weights.CreateContext(parameters);
    }

    /// <summary>Generates <paramref name="tokens"/> tokens after the chat-templated prompt; returns tokens per second (prompt included in the time, as for a step).</summary>
    public double Generate(string prompt, int tokens)
    {
        var template = new LLamaTemplate(_weights) { AddAssistant = true };
        template.Add("user", prompt);
        var promptTokens = _weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), true, true, Encoding.UTF8);
        _context.NativeHandle.MemoryClear(true);
        using var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        sampler.AddGreedySampler();
        var batch = new LLamaBatch();
        var clock = Stopwatch.StartNew();
        batch.AddRange(promptTokens, 0, LLamaSeqId.Zero, true);
        var position = promptTokens.Length;
        for (var i = 0; i < tokens; i++)
        {
            if (_context.NativeHandle.Decode(batch) != DecodeResult.Ok)
            {
                throw new InvalidOperationException("decode failed");
            }

            var token = sampler.Sample(_context.NativeHandle, batch.TokenCount - 1);
            if (i == tokens - 1)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, true);
        }

        return tokens / clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }
}
