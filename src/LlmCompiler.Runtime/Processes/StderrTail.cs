using System.Text;

namespace LlmCompiler.Runtime.Processes;

/// <summary>
/// Echoes a child's stderr lines to the log as they come, each behind its step's prefix (<c>[workflow] step[index]: </c>),
/// and keeps the end of it, unprefixed, for the failure message. The spawners hand over whole lines and each is one
/// <see cref="TextWriter.WriteLine(string)"/> on the run's synchronized log, so lines of items running at once never mix.
/// </summary>
internal sealed class StderrTail
{
    private const int TailChars = 2000;
    private readonly TextWriter _log;
    private readonly string _prefix;
    private readonly StringBuilder _tail = new();

    /// <param name="log">Where the lines go.</param>
    /// <param name="prefix">What each line starts with in the log (<see cref="Core.StepLines.Prefix(string, string, int?)"/>).</param>
    public StderrTail(TextWriter log, string prefix = "")
    {
        _log = log;
        _prefix = prefix;
    }

    public void Line(string line)
    {
        _log.WriteLine(_prefix + line);
        _tail.Append(line).Append('\n');
        if (_tail.Length > TailChars * 2)
        {
            _tail.Remove(0, _tail.Length - TailChars);
        }
    }

    public override string ToString() =>
        (_tail.Length > TailChars ? _tail.ToString(_tail.Length - TailChars, TailChars) : _tail.ToString()).Trim();
}
