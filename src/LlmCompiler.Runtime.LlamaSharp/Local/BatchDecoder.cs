using System.Collections.Concurrent;
using LLama;
using LLama.Common;
using LLama.Native;

namespace LlmCompiler.Runtime.Local;

/// <summary>
/// Decodes every request on one model as a parallel sequence of one batch: each turn decodes the next token of every
/// running sequence together with the prompts of newly admitted ones, in a single llama_decode call.
/// </summary>
/// <remarks>
/// One dedicated thread owns the llama.cpp context; callers only enqueue and await, so nothing waits on a lock
/// while another step generates. The context is sized to the work: when a request does not fit beside the
/// running ones it waits for room, and when nothing is running the context is recreated large enough for
/// everything waiting. The KV cache is unified, so sequences share cells instead of each getting a fixed slice.
/// </remarks>
internal sealed class BatchDecoder : IDisposable
{
    /// <summary>The sequence slots of a context unless more requests are waiting when it is made.</summary>
    private const int DefaultSequences = 8;

    /// <summary>llama.cpp's limit on parallel sequences in one context.</summary>
    private const int MaxSequences = 64;

    private readonly LLamaWeights _weights;
    private readonly string _path;
    private readonly int _threads;
    private readonly int _minimumContext;
    private readonly ConcurrentQueue<DecodeSequence> _incoming = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly List<DecodeSequence> _waiting = [];
    private readonly List<DecodeSequence> _running = [];
    private readonly Stack<LLamaSeqId> _freeIds = new();
    private readonly LLamaBatch _batch = new();
    private LLamaContext? _context;
    private int _contextCells;
    private int _reservedCells;
    private volatile bool _disposed;
    private int _runningCount;
    private long _tokensSampled;

    public BatchDecoder(LLamaWeights weights, string path, int threads)
    {
        _weights = weights;
        _path = path;
        _threads = threads;
        _minimumContext = Math.Clamp(weights.ContextSize, 256, 4096);
        _thread = new Thread(Run) { IsBackground = true, Name = "llmc-decode " + Path.GetFileName(path) };
        _thread.Start();
    }

    /// <summary>Gets the number of contexts created so far (each one sized for the work at that moment).</summary>
    public int ContextsCreated { get; private set; }

    /// <summary>Gets the most sequences decoded together in one llama_decode call so far.</summary>
    public int PeakSequences { get; private set; }

    /// <summary>Gets how many sequences are admitted and generating now.</summary>
    public int Running => Volatile.Read(ref _runningCount);

    /// <summary>Gets how many tokens were sampled so far, all sequences together.</summary>
    public long TokensSampled => Interlocked.Read(ref _tokensSampled);

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sequence = new DecodeSequence(request);
        sequence.Watch(() => _wake.Set(), cancellationToken);
        _incoming.Enqueue(sequence);
        _wake.Set();
        return sequence.Completion;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_disposed)
        {
            while (_incoming.TryDequeue(out var sequence))
            {
                _waiting.Add(sequence);
            }

            try
            {
                DropCancelled();
                Admit();
                if (_running.Count == 0)
                {
                    _wake.WaitOne();
                    continue;
                }

                DecodeTurn();
            }
            catch (Exception e)
            {
                // An exception escaping this thread would end the process: fail the steps in the batch instead.
                FailRunning(new StepFailedException($"generation with model '{_path}' failed: {e.Message}", innerException: e));
            }
        }

        var stopped = new ObjectDisposedException(nameof(BatchDecoder), "the model was unloaded because the process is exiting");
        foreach (var sequence in _running.Concat(_waiting).Concat(_incoming))
        {
            sequence.Fail(stopped);
            sequence.Dispose();
        }

        _context?.Dispose();
    }

    private void DropCancelled()
    {
        _waiting.RemoveAll(s =>
        {
            if (s.IsCancelled)
            {
                s.Dispose();
            }

            return s.IsCancelled;
        });
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            if (_running[i].IsCancelled)
            {
                Release(_running[i]);
                _running.RemoveAt(i);
            }
        }

        Volatile.Write(ref _runningCount, _running.Count);

    }

    /// <summary>Admits waiting requests in order while they fit; recreates the context when idle and the next one does not.</summary>
    private void Admit()
    {
        while (_waiting.Count > 0)
        {
            var next = _waiting[0];
            if (_context is null || _freeIds.Count == 0 || _reservedCells + next.Request.Cells > _contextCells)
            {
                if (_running.Count > 0)
                {
                    return;
                }

                if (!TryRecreateContext(next))
                {
                    continue;
                }
            }

            _waiting.RemoveAt(0);
            next.Admit(_freeIds.Pop(), _weights);
            _reservedCells += next.Request.Cells;
            _running.Add(next);
            Volatile.Write(ref _runningCount, _running.Count);
        }
    }

    private bool TryRecreateContext(DecodeSequence head)
    {
        var sequences = 0;
        var cells = 0;
        foreach (var sequence in _waiting)
        {
            if (sequences == MaxSequences)
            {
                break;
            }

            sequences++;
            cells += sequence.Request.Cells;
        }

        var size = RoundUp(Math.Max(_minimumContext, Math.Max(cells, head.Request.Cells)), 256);
        var slots = Math.Clamp(Math.Max(DefaultSequences, sequences), 1, MaxSequences);
        if (_context is not null && _contextCells >= size && _freeIds.Count >= Math.Min(sequences, slots))
        {
            return true;
        }

        _context?.Dispose();
        _context = null;
        _freeIds.Clear();
        try
        {
            var parameters = new ModelParams(_path)
            {
                ContextSize = (uint)size,
                BatchSize = (uint)size,
                SeqMax = (uint)slots,
                KVUnified = true,

                // Measured: with flash attention (llama.cpp's default on CPU) a sequence decoded beside others drifts
                // from its text alone after a few hundred tokens; without it, outputs are identical alone or batched.
                FlashAttention = false,
                Threads = _threads,
                BatchThreads = _threads,
            };
            _context = _weights.CreateContext(parameters);
        }
        catch (Exception e)
        {
            _waiting.RemoveAt(0);
            head.Fail(new StepFailedException($"could not create a llama.cpp context of {size} tokens for '{_path}': {e.Message}", innerException: e));
            head.Dispose();
            return false;
        }

        ContextsCreated++;
        _contextCells = size;
        _reservedCells = 0;
        for (var id = slots - 1; id >= 0; id--)
        {
            _freeIds.Push((LLamaSeqId)id);
        }

        return true;
    }

    private void DecodeTurn()
    {
        // The batch is built afresh each turn from the running sequences, so a sequence cancelled in between
        // simply drops out: its prompt (when new) or its last sampled token, each asking for logits.
        _batch.Clear();
        foreach (var sequence in _running)
        {
            if (sequence.Generated == 0)
            {
                _batch.AddRange(sequence.Request.Prompt, 0, sequence.Id, true);
            }
            else
            {
                _batch.Add(sequence.Last, sequence.Position, sequence.Id, true);
            }

            sequence.LogitIndex = _batch.TokenCount - 1;
        }

        PeakSequences = Math.Max(PeakSequences, _running.Count);
        var context = _context!.NativeHandle;
        var result = context.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            FailRunning(new StepFailedException($"llama.cpp could not decode a batch of model '{_path}' ({result})"));
            return;
        }

        var vocabulary = _weights.Vocab;
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var sequence = _running[i];
            if (!sequence.IsCancelled)
            {
                Interlocked.Increment(ref _tokensSampled);
                if (sequence.Advance(context, vocabulary))
                {
                    continue;
                }
            }

            Release(sequence);
            _running.RemoveAt(i);
        }

        Volatile.Write(ref _runningCount, _running.Count);
    }

    private void FailRunning(Exception error)
    {
        foreach (var sequence in _running)
        {
            sequence.Fail(error);
            Release(sequence);
        }

        _running.Clear();
        Volatile.Write(ref _runningCount, 0);
    }

    private void Release(DecodeSequence sequence)
    {
        _context?.NativeHandle.MemorySequenceRemove(sequence.Id, 0, -1);
        _freeIds.Push(sequence.Id);
        _reservedCells -= sequence.Request.Cells;
        sequence.Dispose();
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
