namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// Tracks the quoting context of a PowerShell command as text is fed to it: '…' and "…" strings (with their doubled
/// quote escapes and PowerShell's typographic quotes), backtick escapes, <c>$(…)</c> inside double quotes (a fresh
/// bare context), here-strings (<c>@"…"@</c>, <c>@'…'@</c>) and comments; and the statements it holds, so that a
/// template in a statement that runs text as code is known (<see cref="PowerShellStatement"/>).
/// </summary>
internal sealed class PowerShellLexer : IQuotingLexer
{
    private readonly Stack<Frame> _frames = new();
    private readonly List<PowerShellStatement> _statements = [];
    private bool _escaped;
    private bool _lineStart = true;
    private char _pendingQuote;

    public PowerShellLexer() => _frames.Push(new Frame(PowerShellContext.Bare) { Statement = NewStatement() });

    public ShellMark Template()
    {
        var mark = new ShellMark(ShellContext.Bare, CanReferenceHere);
        Statement.Add(mark);
        return mark;
    }

    public void Finish()
    {
        foreach (var statement in _statements)
        {
            statement.Decide();
        }
    }

    /// <summary>Gets the statement that text read now belongs to: the current one of the innermost bare frame.</summary>
    private PowerShellStatement Statement => _frames.First(f => f.Statement is not null).Statement!;

    /// <summary>Gets whether a value can be referenced here: everywhere but inside '…' or @'…'@.</summary>
    public bool CanReferenceHere => Context is not (PowerShellContext.SingleQuoted or PowerShellContext.SingleHereString);

    public PowerShellContext Context => _frames.Peek().Context;

    public void Feed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var lineStart = _lineStart;
            _lineStart = c == '\n';
            Statement.Append(c);
            if (_pendingQuote != '\0')
            {
                // The second quote of a doubled quote inside a string: a literal quote, not the end.
                _pendingQuote = '\0';
                continue;
            }

            if (_escaped)
            {
                _escaped = false;
                continue;
            }

            var frame = _frames.Peek();
            switch (frame.Context)
            {
                case PowerShellContext.SingleQuoted when IsSingleQuote(c):
                    if (IsSingleQuote(next))
                    {
                        _pendingQuote = next;
                    }
                    else
                    {
                        _frames.Pop();
                    }

                    break;
                case PowerShellContext.DoubleQuoted:
                    if (c == '`')
                    {
                        _escaped = true;
                    }
                    else if (IsDoubleQuote(c) && IsDoubleQuote(next))
                    {
                        _pendingQuote = next;
                    }
                    else if (IsDoubleQuote(c))
                    {
                        _frames.Pop();
                    }
                    else if (c == '$' && next == '(')
                    {
                        _frames.Push(new Frame(PowerShellContext.Bare, closesWithParenthesis: true) { Statement = NewStatement() });
                        i++;
                    }

                    break;
                case PowerShellContext.DoubleHereString or PowerShellContext.SingleHereString:
                    var quote = frame.Context == PowerShellContext.DoubleHereString ? '"' : '\'';
                    if (lineStart && c == quote && next == '@')
                    {
                        _frames.Pop();
                        i++;
                    }
                    else if (frame.Context == PowerShellContext.DoubleHereString && c == '$' && next == '(')
                    {
                        _frames.Push(new Frame(PowerShellContext.Bare, closesWithParenthesis: true) { Statement = NewStatement() });
                        i++;
                    }

                    break;
                case PowerShellContext.LineComment:
                    if (c == '\n')
                    {
                        _frames.Pop();
                    }

                    break;
                case PowerShellContext.BlockComment:
                    if (c == '#' && next == '>')
                    {
                        _frames.Pop();
                        i++;
                    }

                    break;
                case PowerShellContext.Bare:
                    i = FeedBare(text, i, frame);
                    break;
            }
        }
    }

    private int FeedBare(string text, int i, Frame frame)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        switch (c)
        {
            case '`':
                _escaped = true;
                break;
            case '@' when (next == '"' || next == '\'') && RestOfLineIsBlank(text, i + 2):
                _frames.Push(new Frame(next == '"' ? PowerShellContext.DoubleHereString : PowerShellContext.SingleHereString));
                return i + 1;
            case '<' when next == '#':
                _frames.Push(new Frame(PowerShellContext.BlockComment));
                return i + 1;
            case '#':
                _frames.Push(new Frame(PowerShellContext.LineComment));
                break;
            case '$' when next == '(':
                _frames.Push(new Frame(PowerShellContext.Bare, closesWithParenthesis: true) { Statement = NewStatement() });
                return i + 1;
            case ';' or '\n' or '{' or '}':
                frame.Statement = NewStatement();
                break;
            case '(' when frame.ClosesWithParenthesis:
                frame.Depth++;
                break;
            case ')' when frame.ClosesWithParenthesis:
                if (frame.Depth == 0)
                {
                    _frames.Pop();
                }
                else
                {
                    frame.Depth--;
                }

                break;
            default:
                if (IsSingleQuote(c))
                {
                    _frames.Push(new Frame(PowerShellContext.SingleQuoted));
                }
                else if (IsDoubleQuote(c))
                {
                    _frames.Push(new Frame(PowerShellContext.DoubleQuoted));
                }

                break;
        }

        return i;
    }

    /// <summary>A here-string opener must end its line; the fragment fed so far may end right after it.</summary>
    private static bool RestOfLineIsBlank(string text, int from)
    {
        for (var i = from; i < text.Length && text[i] != '\n'; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private PowerShellStatement NewStatement()
    {
        var statement = new PowerShellStatement();
        _statements.Add(statement);
        return statement;
    }

    private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

    private static bool IsDoubleQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';

    private sealed class Frame(PowerShellContext context, bool closesWithParenthesis = false)
    {
        public PowerShellContext Context { get; } = context;

        public bool ClosesWithParenthesis { get; } = closesWithParenthesis;

        public int Depth { get; set; }

        /// <summary>Gets or sets the statement being read in a bare frame (the top, a <c>$(…)</c>).</summary>
        public PowerShellStatement? Statement { get; set; }
    }
}
