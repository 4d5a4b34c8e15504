namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// Tracks the quoting context of a POSIX shell command as text is fed to it: quotes, backslash
/// escapes, <c>$(…)</c> and backticks (which start a fresh bare context, even inside double quotes),
/// comments and here-documents (and bash's <c>$'…'</c> when asked).
/// </summary>
internal sealed class ShellLexer : IQuotingLexer
{
    private readonly Stack<Frame> _frames = new();
    private readonly Queue<(string Delimiter, bool Quoted, bool StripTabs)> _pendingHereDocuments = new();
    private (string Delimiter, bool StripTabs)? _hereDocument;
    private readonly System.Text.StringBuilder _line = new();
    private bool _escaped;
    private bool _comment;
    private char _previous = '\n';

    private readonly bool _ansiCQuotes;

    /// <summary>Creates a lexer.</summary>
    /// <param name="ansiCQuotes">Whether <c>$'…'</c> is a quoting form (bash); POSIX sh reads it as '$' then a single-quoted string.</param>
    public ShellLexer(bool ansiCQuotes = false)
    {
        _ansiCQuotes = ansiCQuotes;
        _frames.Push(new Frame(ShellContext.Bare, Closer.None));
    }

    /// <inheritdoc/>
    /// <remarks>Everywhere but in a quoted here-document.</remarks>
    public bool CanReferenceHere => Context is not ShellContext.QuotedHereDocument;

    public ShellContext Context => _hereDocument is not null
        ? (_frames.Peek().Context == ShellContext.QuotedHereDocument ? ShellContext.QuotedHereDocument : ShellContext.HereDocument)
        : _frames.Peek().Context;

    public void Feed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (_hereDocument is { } hereDocument)
            {
                if (c == '\n')
                {
                    var line = hereDocument.StripTabs ? _line.ToString().TrimStart('\t') : _line.ToString();
                    _line.Clear();
                    if (line == hereDocument.Delimiter)
                    {
                        _hereDocument = null;
                        _frames.Pop();
                        StartNextHereDocument();
                    }
                }
                else
                {
                    _line.Append(c);
                }

                continue;
            }

            if (_escaped)
            {
                _escaped = false;
                _previous = c;
                continue;
            }

            var frame = _frames.Peek();
            if (_comment)
            {
                if (c == '\n')
                {
                    _comment = false;
                    StartNextHereDocument();
                }

                _previous = c;
                continue;
            }

            switch (frame.Context)
            {
                case ShellContext.SingleQuoted:
                    if (c == '\'')
                    {
                        _frames.Pop();
                    }

                    break;
                case ShellContext.AnsiCQuoted:
                    if (c == '\\')
                    {
                        _escaped = true;
                    }
                    else if (c == '\'')
                    {
                        _frames.Pop();
                    }

                    break;
                case ShellContext.DoubleQuoted:
                    if (c == '\\')
                    {
                        _escaped = true;
                    }
                    else if (c == '"')
                    {
                        _frames.Pop();
                    }
                    else if (c == '$' && next == '(')
                    {
                        _frames.Push(new Frame(ShellContext.Bare, Closer.Parenthesis));
                        i++;
                    }
                    else if (c == '`')
                    {
                        _frames.Push(new Frame(ShellContext.Bare, Closer.Backtick));
                    }

                    break;
                default:
                    i = FeedBare(text, i, frame);
                    break;
            }

            _previous = i < text.Length ? text[i] : c;
        }
    }

    private int FeedBare(string text, int i, Frame frame)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        switch (c)
        {
            case '\\':
                _escaped = true;
                break;
            case '\'':
                _frames.Push(new Frame(ShellContext.SingleQuoted, Closer.None));
                break;
            case '"':
                _frames.Push(new Frame(ShellContext.DoubleQuoted, Closer.None));
                break;
            case '$' when next == '\'' && _ansiCQuotes:
                _frames.Push(new Frame(ShellContext.AnsiCQuoted, Closer.None));
                return i + 1;
            case '$' when next == '(':
                _frames.Push(new Frame(ShellContext.Bare, Closer.Parenthesis));
                return i + 1;
            case '`' when frame.Closer == Closer.Backtick:
                _frames.Pop();
                break;
            case '`':
                _frames.Push(new Frame(ShellContext.Bare, Closer.Backtick));
                break;
            case '(' when frame.Closer == Closer.Parenthesis:
                frame.Depth++;
                break;
            case ')' when frame.Closer == Closer.Parenthesis:
                if (frame.Depth == 0)
                {
                    _frames.Pop();
                }
                else
                {
                    frame.Depth--;
                }

                break;
            case '#' when char.IsWhiteSpace(_previous) || _previous is ';' or '(' or '|' or '&':
                _comment = true;
                break;
            case '<' when next == '<' && (i + 2 >= text.Length || text[i + 2] != '<'):
                return ReadHereDocumentOperator(text, i);
            case '\n':
                StartNextHereDocument();
                break;
        }

        return i;
    }

    /// <summary>Reads <c>&lt;&lt;WORD</c> or <c>&lt;&lt;-WORD</c>; the body starts at the next newline.</summary>
    private int ReadHereDocumentOperator(string text, int i)
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

        var delimiter = new System.Text.StringBuilder();
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
            _pendingHereDocuments.Enqueue((delimiter.ToString(), quoted, stripTabs));
        }

        return position - 1;
    }

    private void StartNextHereDocument()
    {
        if (_pendingHereDocuments.Count == 0)
        {
            return;
        }

        var (delimiter, quoted, stripTabs) = _pendingHereDocuments.Dequeue();
        _hereDocument = (delimiter, stripTabs);
        _frames.Push(new Frame(quoted ? ShellContext.QuotedHereDocument : ShellContext.HereDocument, Closer.None));
    }

    private enum Closer
    {
        None,
        Parenthesis,
        Backtick,
    }

    private sealed class Frame(ShellContext context, Closer closer)
    {
        public ShellContext Context { get; } = context;

        public Closer Closer { get; } = closer;

        public int Depth { get; set; }
    }
}
