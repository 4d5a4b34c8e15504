using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// The tool calls of one attempt of a model step: the records the run file keeps (<c>tool_calls</c>), the
/// <c>max_tool_calls</c> budget, and the cap on a result given back to the model. Thread-safe: a model may ask for
/// several calls at once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ToolCallLog
{
    /// <summary>The default cap on one tool result given back to the model, in characters; <c>LLMC_TOOL_RESULT_MAX_CHARS</c> changes it.</summary>
    public const int DefaultResultMaxChars = 20_000;

    private readonly List<ToolCallRecord> _records = [];
    private int _started;

    /// <summary>Creates the log of one attempt.</summary>
    /// <param name="maxCalls">The step's <c>max_tool_calls</c>.</param>
    /// <param name="resultMaxChars">The cap on one result given back to the model.</param>
    public ToolCallLog(int maxCalls, int resultMaxChars)
    {
        MaxCalls = maxCalls;
        ResultMaxChars = resultMaxChars;
    }

    /// <summary>Gets the cap from <c>LLMC_TOOL_RESULT_MAX_CHARS</c>, or <see cref="DefaultResultMaxChars"/>.</summary>
    public static int ConfiguredResultMaxChars =>
        int.TryParse(Environment.GetEnvironmentVariable("LLMC_TOOL_RESULT_MAX_CHARS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var chars) && chars > 0
            ? chars
            : DefaultResultMaxChars;

    /// <summary>Gets the step's <c>max_tool_calls</c>.</summary>
    public int MaxCalls { get; }

    /// <summary>Gets the cap on one result given back to the model, in characters.</summary>
    public int ResultMaxChars { get; }

    /// <summary>Gets whether the model asked for more calls than <see cref="MaxCalls"/>.</summary>
    public bool LimitReached => Volatile.Read(ref _started) > MaxCalls;

    /// <summary>Gets the calls, in the order they ended.</summary>
    public IReadOnlyList<ToolCallRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Counts a call the model asked for; <see langword="false"/> when it is over the budget and must not run.</summary>
    public bool TryStart() => Interlocked.Increment(ref _started) <= MaxCalls;

    /// <summary>Records a finished call.</summary>
    public void Add(ToolCallRecord record)
    {
        lock (_records)
        {
            _records.Add(record);
        }
    }

    /// <summary>The result as the model gets it: at most <see cref="ResultMaxChars"/> characters, saying how much was cut.</summary>
    public string Cap(string result) => result.Length <= ResultMaxChars
        ? result
        : string.Concat(result.AsSpan(0, ResultMaxChars), $"\n[cut: the result had {result.Length} characters; the first {ResultMaxChars} are shown]");
}
