using System.Diagnostics;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// A worker process of the stall benchmark (this program's <c>stall-worker</c> mode), with every line of its log and when it
/// came: its <c>took partition</c> lines say which partitions it holds. Closing its stdin stops it; <see cref="Kill"/> is kill -9.
/// </summary>
internal sealed class BenchWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];
    private readonly Task _reader;

    private BenchWorker(Process process)
    {
        _process = process;
        _reader = ReadAsync();
    }

    public static async Task<BenchWorker> StartAsync(string connection, string hub, LeaseProfile profile, string itemLog)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { typeof(BenchWorker).Assembly.Location, "stall-worker", connection, hub, profile.Name })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[StallAfterKill.ItemLogVariable] = itemLog;
        var worker = new BenchWorker(Process.Start(start)!);
        while (!worker.Said(" ready"))
        {
            if (worker._process.HasExited)
            {
                throw new InvalidOperationException("a benchmark worker died at its start:\n" + worker.Log());
            }

            await Task.Delay(100);
        }

        return worker;
    }

    /// <summary>When this worker last took <paramref name="partition"/>, if it did.</summary>
    public DateTimeOffset? LastTook(string partition)
    {
        lock (_lines)
        {
            return _lines.LastOrDefault(l => l.Line.EndsWith(" took partition " + partition, StringComparison.OrdinalIgnoreCase)).At is var at && at != default ? at : null;
        }
    }

    /// <summary>When this worker took its last partition, if any.</summary>
    public DateTimeOffset? LastTookAny()
    {
        lock (_lines)
        {
            return _lines.LastOrDefault(l => l.Line.Contains(" took partition ", StringComparison.Ordinal)).At is var at && at != default ? at : null;
        }
    }

    /// <summary>Every partition this worker took at some time.</summary>
    public IReadOnlySet<string> Took()
    {
        lock (_lines)
        {
            return _lines.Where(l => l.Line.Contains(" took partition ", StringComparison.Ordinal))
                .Select(l => l.Line[(l.Line.LastIndexOf(' ') + 1)..].ToLowerInvariant())
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    public string Log()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.Select(l => $"{l.At:HH:mm:ss.fff} {l.Line}"));
        }
    }

    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _reader;
        _process.Dispose();
    }

    private bool Said(string text)
    {
        lock (_lines)
        {
            return _lines.Any(l => l.Line.Contains(text, StringComparison.Ordinal));
        }
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add((DateTimeOffset.UtcNow, line));
            }
        }
    }
}
