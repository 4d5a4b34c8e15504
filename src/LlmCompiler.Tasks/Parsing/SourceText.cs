using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>A workflow file's text and the path diagnostics name, with a line table to turn offsets into positions.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    /// <summary>Gets the path as diagnostics show it.</summary>
    public string Path { get; }

    public string Text { get; }

    /// <summary>Returns the 1-based line and column of a character offset.</summary>
    public (int Line, int Column) PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, offset - _lineStarts[line] + 1);
    }

    public SourceSpan Span(int start, int end)
    {
        var (line, column) = PositionOf(start);
        var (endLine, endColumn) = PositionOf(Math.Max(start, end));
        return new SourceSpan(Path, line, column, endLine, endColumn);
    }

    /// <summary>Gets the offset of the first character of a 1-based line.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line - 1, 0, _lineStarts.Length - 1)];
}
