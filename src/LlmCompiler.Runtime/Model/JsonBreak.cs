using System.Text;
using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>Where a text stops being JSON, in words, for every message about a value that does not parse.</summary>
internal static class JsonBreak
{
    /// <summary>How much of the text before the break a message shows.</summary>
    private const int Before = 40;

    /// <summary>The line and column of the break (1-based) and the text just before it: <c>line 1, column 8, after '{"a": 1,'</c>.</summary>
    public static string Where(string text, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var column = (int)(e.BytePositionInLine ?? 0);
        var offset = Offset(text, line, column);
        var from = Math.Max(0, offset - Before);
        var near = text[from..Math.Min(text.Length, offset + 1)].ReplaceLineEndings(" ");
        return $"line {line + 1}, column {column + 1}, after '{(from > 0 ? "…" : string.Empty)}{near}'";
    }

    /// <summary>The character offset of a 0-based line and UTF-8 byte position (ASCII text, the usual case, counts alike).</summary>
    private static int Offset(string text, int line, int bytePosition)
    {
        var start = 0;
        for (var i = 0; i < line && start < text.Length; i++)
        {
            var next = text.IndexOf('\n', start);
            start = next < 0 ? text.Length : next + 1;
        }

        var offset = start;
        for (var bytes = 0; offset < text.Length && bytes < bytePosition; offset++)
        {
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(offset, 1));
        }

        return Math.Min(offset, text.Length - 1);
    }
}
