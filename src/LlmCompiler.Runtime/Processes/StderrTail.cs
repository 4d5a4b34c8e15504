using System.Text;

namespace LlmCompiler.Runtime.Processes;

/// <summary>Echoes a child's stderr lines to the log as they come and keeps the end of it for the failure message.</summary>
internal sealed class StderrTail
{
    private const int TailChars = 2000;
    private readonly TextWriter _log;
    private readonly StringBuilder _tail = new();

    public StderrTail(TextWriter log) => _log = log;

    public void Line(string line)
    {
        _log.WriteLine(line);
        _tail.Append(line).Append('\n');
        if (_tail.Length > TailChars * 2)
        {
            _tail.Remove(0, _tail.Length - TailChars);
        }
    }

    public override string ToString() =>
        (_tail.Length > TailChars ? _tail.ToString(_tail.Length - TailChars, TailChars) : _tail.ToString()).Trim();
}
