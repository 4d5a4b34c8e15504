using System.Globalization;
using LlmCompiler.Runtime.Core;

namespace LlmCompiler.Runtime.Local;

/// <summary>Prints a generating step's progress (tokens so far, tokens/s) at most once a second, and a last line when it ends.</summary>
internal sealed class ProgressLine
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly TextWriter _log;
    private readonly string _label;
    private TimeSpan _next = Interval;

    public ProgressLine(TextWriter log, string label)
    {
        _log = log;
        _label = label;
    }

    /// <summary>Called by the decode thread after every token; writes only when a second has passed.</summary>
    public void Report(int tokens, TimeSpan elapsed)
    {
        if (elapsed >= _next)
        {
            _next = elapsed + Interval;
            _log.WriteLine($"{_label}: generating, {tokens} tokens, {Rate(tokens, elapsed)} tokens/s");
        }
    }

    public void Finished(GenerationResult result) =>
        _log.WriteLine($"{_label}: {result.GeneratedTokens} tokens in {DurationText.Format(result.Generation)}, {Rate(result.GeneratedTokens, result.Generation)} tokens/s");

    private static string Rate(int tokens, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? (tokens / elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) : "-";
}
