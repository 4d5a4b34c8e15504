using System.Text;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>Here-documents: the operator that announces one, and the body read from the next line to its delimiter.</summary>
internal sealed partial class ShellLexer
{
    private void FeedHereDocument(char c)
    {
        var hereDocument = _hereDocument!;
        if (c != '\n')
        {
            _line.Append(c);
            return;
        }

        var line = hereDocument.StripTabs ? _line.ToString().TrimStart('\t') : _line.ToString();
        _line.Clear();
        if (line == hereDocument.Delimiter)
        {
            _hereDocument = null;
            StartNextHereDocument();
        }
    }

    /// <summary>Reads <c>&lt;&lt;WORD</c> or <c>&lt;&lt;-WORD</c>; the body starts at the next newline.</summary>
    private int ReadHereDocumentOperator(string text, int i, CommandState state)
    {
        var position = i + 2;
        var stripTabs = position < text.Length && text[position] == '-';
        if (stripTabs)
        {
            position++;
        }

        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        var delimiter = new StringBuilder();
        var quoted = false;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not (';' or '|' or '&' or '<' or '>' or ')'))
        {
            var c = text[position];
            if (c is '\'' or '"')
            {
                quoted = true;
                var close = text.IndexOf(c, position + 1);
                close = close < 0 ? text.Length : close;
                delimiter.Append(text, position + 1, close - position - 1);
                position = close + 1;
                continue;
            }

            if (c == '\\')
            {
                quoted = true;
                position++;
                continue;
            }

            delimiter.Append(c);
            position++;
        }

        if (delimiter.Length > 0)
        {
            _pendingHereDocuments.Enqueue(new HereDocument(delimiter.ToString(), quoted, stripTabs, state.Command()));
        }

        return position - 1;
    }

    private void StartNextHereDocument()
    {
        if (_pendingHereDocuments.Count > 0)
        {
            _hereDocument = _pendingHereDocuments.Dequeue();
        }
    }
}
