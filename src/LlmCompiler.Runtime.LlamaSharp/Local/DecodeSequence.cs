using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Native;

namespace LlmCompiler.Runtime.Local;

/// <summary>The decode thread's state for one request: its sequence id, sampler, text so far and completion.</summary>
/// <remarks>Everything but the cancellation callback and <see cref="Completion"/> is touched by the decode thread only.</remarks>
internal sealed class DecodeSequence : IDisposable
{
    private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _text = new();
    private readonly int _longestStop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private CancellationTokenRegistration _registration;
    private StreamingTokenDecoder? _decoder;
    private SafeLLamaSamplerChainHandle? _sampler;
    private TimeSpan _queued;
    private TimeSpan _firstToken;
    private int _confirmed;
    private volatile bool _cancelled;

    public DecodeSequence(GenerationRequest request)
    {
        Request = request;
        _longestStop = request.Stop.Count == 0 ? 0 : request.Stop.Max(s => s.Length);
    }

    public GenerationRequest Request { get; }

    public Task<GenerationResult> Completion => _completion.Task;

    public bool IsCancelled => _cancelled;

    public LLamaSeqId Id { get; private set; }

    /// <summary>Gets the last sampled token, which the next turn decodes.</summary>
    public LLamaToken Last { get; private set; }

    /// <summary>Gets the position of <see cref="Last"/> in the sequence.</summary>
    public int Position => Request.Prompt.Length + Generated - 1;

    /// <summary>Gets the index in the current batch whose logits this sequence samples from.</summary>
    public int LogitIndex { get; set; }

    public int Generated { get; private set; }

    public void Watch(Action wake, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(() =>
            {
                // The caller is released at once; the decode thread frees the sequence on its next turn.
                _cancelled = true;
                _completion.TrySetCanceled(cancellationToken);
                wake();
            });
        }
    }

    /// <summary>Called when the sequence gets a slot: from here on its time counts as generation.</summary>
    public void Admit(LLamaSeqId id, LLamaWeights weights)
    {
        Id = id;
        _queued = _clock.Elapsed;
        _clock.Restart();
        _decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        _sampler = CreateSampler(Request, weights);
    }

    /// <summary>Samples the next token; returns whether the sequence goes on (<see cref="Last"/> then needs decoding).</summary>
    public bool Advance(SafeLLamaContextHandle context, SafeLlamaModelHandle.Vocabulary vocabulary)
    {
        var token = _sampler!.Sample(context, LogitIndex);
        Last = token;
        Generated++;
        if (Generated == 1)
        {
            _firstToken = _clock.Elapsed;
        }

        if (token.IsEndOfGeneration(vocabulary))
        {
            Finish(reachedLimit: false);
            return false;
        }

        var searchFrom = Math.Max(0, _text.Length - _longestStop + 1);
        _decoder!.Add(token);
        _text.Append(_decoder.Read());
        if (FindStop(searchFrom) is { } stopAt)
        {
            _text.Length = stopAt;
            Finish(reachedLimit: false);
            return false;
        }

        if (Generated >= Request.MaxTokens)
        {
            Finish(reachedLimit: true);
            return false;
        }

        Confirm(_text.Length - Math.Max(0, _longestStop - 1));
        Request.Progress?.Invoke(Generated, _clock.Elapsed);
        return true;
    }

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Dispose()
    {
        _registration.Dispose();
        _sampler?.Dispose();
    }

    /// <summary>llama.cpp's order of samplers: top-k, top-p, temperature, then a seeded draw; temperature 0 is greedy.</summary>
    /// <remarks>
    /// The native chain is built directly rather than through LLamaSharp's DefaultSamplingPipeline, whose init-only
    /// setters differ between its netstandard2.0 and net10.0 builds and so fail at run time across them.
    /// A grammar comes first, over the whole vocabulary: every later sampler then only sees tokens that keep the text
    /// a sentence of the grammar, and once the grammar is complete only end-of-generation remains.
    /// </remarks>
    private static SafeLLamaSamplerChainHandle CreateSampler(GenerationRequest request, LLamaWeights weights)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (request.Grammar is { } grammar)
        {
            chain.AddGrammar(weights.NativeHandle.Vocab, grammar, JsonSchemaGrammar.Root);
        }

        if (request.Temperature <= 0)
        {
            chain.AddGreedySampler();
            return chain;
        }

        if (request.TopK > 0)
        {
            chain.AddTopK(request.TopK);
        }

        if (request.TopP is > 0 and < 1)
        {
            chain.AddTopP(request.TopP, 1);
        }

        chain.AddTemperature(request.Temperature);
        chain.AddDistributionSampler(request.Seed);
        return chain;
    }

    private void Finish(bool reachedLimit)
    {
        Confirm(_text.Length);
        var elapsed = _clock.Elapsed;
        Request.Progress?.Invoke(Generated, elapsed);
        _completion.TrySetResult(new GenerationResult(
            _text.ToString(), Request.Prompt.Length, Generated, reachedLimit, _queued, _firstToken, elapsed));
    }

    /// <summary>Hands text up to <paramref name="end"/> to the streaming reader; what could still start a stop sequence stays back.</summary>
    private void Confirm(int end)
    {
        if (Request.Text is { } text && end > _confirmed)
        {
            text(_text.ToString(_confirmed, end - _confirmed));
            _confirmed = end;
        }
    }

    private int? FindStop(int searchFrom)
    {
        if (_longestStop == 0)
        {
            return null;
        }

        var tail = _text.ToString(searchFrom, _text.Length - searchFrom);
        int? earliest = null;
        foreach (var stop in Request.Stop)
        {
            var at = stop.Length == 0 ? -1 : tail.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }

        return earliest + searchFrom;
    }
}
