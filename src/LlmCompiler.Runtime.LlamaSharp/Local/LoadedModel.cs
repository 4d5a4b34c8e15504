using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace LlmCompiler.Runtime.Local;

/// <summary>A GGUF model in memory with the decoder that serves every request on it.</summary>
internal sealed class LoadedModel : IDisposable
{
    private const string ChatTemplateKey = "tokenizer.chat_template";

    private LoadedModel(string path, LLamaWeights weights, TimeSpan loadTime, int threads)
    {
        Path = path;
        Weights = weights;
        LoadTime = loadTime;
        Threads = threads;
        HasChatTemplate = weights.Metadata.ContainsKey(ChatTemplateKey);
        Decoder = new BatchDecoder(weights, path, threads);
    }

    public string Path { get; }

    public LLamaWeights Weights { get; }

    public TimeSpan LoadTime { get; }

    public int Threads { get; }

    public bool HasChatTemplate { get; }

    public BatchDecoder Decoder { get; }

    /// <summary>Loads <paramref name="path"/>, turning every way it can fail into a message that names the file.</summary>
    public static LoadedModel Load(string path)
    {
        GgufFile.Check(path);
        var threads = ThreadCount.For(new FileInfo(path).Length);
        var clock = Stopwatch.StartNew();
        LLamaWeights weights;
        try
        {
            NativeLog.EnsureConfigured();
            weights = LLamaWeights.LoadFromFile(new ModelParams(path));
        }
        catch (LoadWeightsFailedException e)
        {
            throw new StepFailedException($"model file '{path}' could not be loaded: llama.cpp rejected it (truncated or corrupt GGUF?)", innerException: e);
        }
        catch (Exception e) when (e is RuntimeError or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new StepFailedException(
                $"model file '{path}' could not be loaded: the llama.cpp native library is unavailable ({e.Message}). " +
                "Reference a LLamaSharp backend package (the SDK adds LLamaSharp.Backend.Cpu unless LlmCompilerLlamaBackend is set otherwise).",
                innerException: e);
        }

        return new LoadedModel(path, weights, clock.Elapsed, threads);
    }

    public void Dispose()
    {
        Decoder.Dispose();
        Weights.Dispose();
    }
}
