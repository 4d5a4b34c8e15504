using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing;
using YamlDotNet.Core;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>
/// A text value from a workflow file that can say where any part of it was written, so a problem inside a
/// template or condition is reported at its own column, not at the start of the field.
/// </summary>
internal sealed class ScalarSyntax
{
    private readonly SourceText _source;
    private readonly YamlScalar _node;

    /// <summary>Whether the value is the source text itself (a prompt file), so value offsets are source offsets.</summary>
    private readonly bool _verbatim;

    public ScalarSyntax(SourceText source, YamlScalar node)
    {
        _source = source;
        _node = node;
        Span = source.Span(node.Start, node.End);
    }

    private ScalarSyntax(SourceText source)
        : this(source, new YamlScalar(0, source.Text.Length, source.Text, ScalarStyle.Literal)) => _verbatim = true;

    /// <summary>Returns the whole of <paramref name="source"/> as one value, e.g. a prompt file read as a template.</summary>
    public static ScalarSyntax WholeText(SourceText source) => new(source);

    public string Value => _node.Value;

    public SourceSpan Span { get; }

    /// <summary>Returns the span of <paramref name="length"/> characters of <see cref="Value"/> from <paramref name="offset"/>.</summary>
    public SourceSpan SpanOf(int offset, int length)
    {
        var start = SourceOffset(offset);
        var end = SourceOffset(offset + length);
        return start is { } s && end is { } e ? _source.Span(s, e) : Span;
    }

    private int? SourceOffset(int valueOffset)
    {
        var text = _source.Text;
        if (_verbatim)
        {
            return valueOffset;
        }

        var singleLine = Span.Line == Span.EndLine;
        switch (_node.Style)
        {
            case ScalarStyle.Plain when singleLine:
                return _node.Start + valueOffset;
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted when singleLine:
                var position = _node.Start + 1;
                for (var i = 0; i < valueOffset && position < _node.End; i++)
                {
                    var escape = _node.Style == ScalarStyle.SingleQuoted
                        ? text[position] == '\'' && position + 1 < text.Length && text[position + 1] == '\''
                        : text[position] == '\\';
                    position += escape ? 2 : 1;
                }

                return position;
            case ScalarStyle.Literal:
                return LiteralOffset(valueOffset);
            default:
                return null;
        }
    }

    /// <summary>In a <c>|</c> block, value line k is source line (indicator line + 1 + k), after the block's indentation.</summary>
    private int? LiteralOffset(int valueOffset)
    {
        var value = _node.Value;
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < valueOffset && i < value.Length; i++)
        {
            if (value[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var sourceLine = Span.Line + 1 + line;
        var start = _source.LineStart(sourceLine);
        var indent = 0;
        while (start + indent < _source.Text.Length && _source.Text[start + indent] == ' ')
        {
            indent++;
        }

        return start + indent + (valueOffset - lineStart);
    }
}
