using System.Text;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// Reads a POSIX shell (or bash) command as text is fed to it: quotes, backslash escapes, <c>$(…)</c> and backticks
/// (fresh commands, even inside double quotes), the arithmetic forms <c>$(( ))</c>, <c>(( ))</c> and <c>$[ ]</c>,
/// parameter expansions <c>${…}</c> (their subscript, substring and word parts), comments, here-documents (and bash's
/// <c>$'…'</c> when asked), and the simple commands and words the shell will run. A template's mark knows its quoting
/// at once and, when the command is finished, what the shell does with its value (<see cref="ShellPositionRules"/>).
/// </summary>
/// <remarks>
/// Every construct that makes bash evaluate text is recognised for <c>sh</c> too: /bin/sh is bash on some systems,
/// so a position is judged by what the most permissive of them does.
/// </remarks>
internal sealed class ShellLexer : IQuotingLexer
{
    private readonly Stack<Frame> _frames = new();
    private readonly Queue<HereDocument> _pendingHereDocuments = new();
    private readonly List<ShellSimpleCommand> _commands = [];
    private readonly List<PendingMark> _marks = [];
    private readonly StringBuilder _line = new();
    private readonly bool _ansiCQuotes;
    private HereDocument? _hereDocument;
    private bool _escaped;
    private bool _comment;
    private int _pipelines;

    /// <summary>Creates a lexer.</summary>
    /// <param name="ansiCQuotes">Whether <c>$'…'</c> is a quoting form (bash); POSIX sh reads it as '$' then a single-quoted string.</param>
    public ShellLexer(bool ansiCQuotes = false)
    {
        _ansiCQuotes = ansiCQuotes;
        _frames.Push(Frame.Commands(Closer.None, new CommandState(this, arrayLiteral: null)));
    }

    /// <summary>Gets whether a value can be referenced here: everywhere but in a quoted here-document.</summary>
    public bool CanReferenceHere => Context is not ShellContext.QuotedHereDocument;

    public ShellContext Context => _hereDocument is { } hereDocument
        ? (hereDocument.Quoted ? ShellContext.QuotedHereDocument : ShellContext.HereDocument)
        : _frames.Peek().Quoting;

    public void Feed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (_hereDocument is not null)
            {
                FeedHereDocument(c);
                continue;
            }

            if (_escaped)
            {
                _escaped = false;
                if (c != '\n')
                {
                    Word().Append(c); // a backslash-newline joins lines and leaves nothing
                }

                continue;
            }

            if (_comment)
            {
                if (c == '\n')
                {
                    _comment = false;
                    NearestCommands().EndCommand(newPipeline: true);
                    StartNextHereDocument();
                }

                continue;
            }

            var frame = _frames.Peek();
            i = frame.Kind switch
            {
                FrameKind.SingleQuoted => FeedSingleQuoted(c, i),
                FrameKind.AnsiCQuoted => FeedAnsiCQuoted(c, i),
                FrameKind.DoubleQuoted => FeedDoubleQuoted(text, i),
                FrameKind.Arithmetic => FeedArithmetic(text, i, frame),
                FrameKind.Parameter => FeedParameter(text, i, frame),
                _ => FeedBare(text, i, frame),
            };
        }
    }

    public ShellMark Template()
    {
        var mark = new ShellMark(Context, CanReferenceHere);
        if (_hereDocument is { } hereDocument)
        {
            _marks.Add(new PendingMark(mark, HereDocumentOf: hereDocument.Command));
            return mark;
        }

        foreach (var frame in _frames)
        {
            switch (frame.Kind)
            {
                case FrameKind.Arithmetic:
                    _marks.Add(new PendingMark(mark, ShellPosition.Arithmetic(frame.Where!)));
                    return mark;
                case FrameKind.Parameter when frame.Phase == ParameterPhase.Subscript:
                    _marks.Add(new PendingMark(mark, ShellPosition.Arithmetic("an array subscript ${name[…]}"), SubscriptOf: frame.Name.ToString()));
                    return mark;
                case FrameKind.Parameter when frame.Phase == ParameterPhase.Offset:
                    _marks.Add(new PendingMark(mark, ShellPosition.Arithmetic("a substring offset or length ${name:offset:length}")));
                    return mark;
                case FrameKind.Bare:
                    var word = frame.State!.Word();
                    word.Add(mark);
                    _marks.Add(new PendingMark(mark, Word: word));
                    return mark;
            }
        }

        throw new InvalidOperationException("The lexer has no command frame.");
    }

    public void Finish()
    {
        while (_frames.Count > 0)
        {
            _frames.Pop().State?.EndCommand(newPipeline: true);
        }

        var context = new ShellCommandContext(_commands);
        foreach (var pending in _marks)
        {
            pending.Mark.Position = pending switch
            {
                { Frame: { } position, SubscriptOf: { } array } => context.IsAssociative(array) ? ShellPosition.Data : position,
                { Frame: { } position } => position,
                { HereDocumentOf: { } command } => ShellPositionRules.OfHereDocument(command, context),
                { Word: { } word } => ShellPositionRules.Of(word, word.Marks.First(m => m.Mark == pending.Mark).Offset, context),
                _ => ShellPosition.Data,
            };
        }
    }

    private int FeedSingleQuoted(char c, int i)
    {
        if (c == '\'')
        {
            _frames.Pop();
        }
        else
        {
            Word().Append(c);
        }

        return i;
    }

    private int FeedAnsiCQuoted(char c, int i)
    {
        if (c == '\\')
        {
            _escaped = true;
        }
        else if (c == '\'')
        {
            _frames.Pop();
        }
        else
        {
            Word().Append(c);
        }

        return i;
    }

    private int FeedDoubleQuoted(string text, int i)
    {
        var c = text[i];
        if (c == '"')
        {
            _frames.Pop();
            return i;
        }

        return OpenExpansion(text, i, ShellContext.DoubleQuoted) ?? Append(c, i);
    }

    private int FeedArithmetic(string text, int i, Frame frame)
    {
        var c = text[i];
        var (open, close) = frame.Closer == Closer.Bracket ? ('[', ']') : ('(', ')');
        if (c == open)
        {
            frame.Depth++;
        }
        else if (c == close && frame.Depth > 0)
        {
            frame.Depth--;
        }
        else if (c == close)
        {
            // $(( … )) and (( … )) end at "))"; a lone ')' at depth 0 is a syntax error the shell reports.
            _frames.Pop();
            var both = frame.Closer == Closer.DoubleParenthesis && At(text, i + 1) == ')';
            Word().Append(both ? "))" : c.ToString());
            return both ? i + 1 : i;
        }
        else
        {
            return OpenExpansion(text, i, ShellContext.Bare) ?? Append(c, i);
        }

        return Append(c, i);
    }

    private int FeedParameter(string text, int i, Frame frame)
    {
        var c = text[i];
        var next = At(text, i + 1);
        switch (frame.Phase)
        {
            case ParameterPhase.Name when frame.Name.Length == 0 && c is '#' or '!' && next is not ('}' or ':') && !frame.Prefixed:
                frame.Prefixed = true; // ${#name} (length), ${!name} (indirection)
                return Append(c, i);
            case ParameterPhase.Name when char.IsLetterOrDigit(c) || c == '_' || (frame.Name.Length == 0 && c is '@' or '*' or '#' or '?' or '-' or '$' or '!'):
                frame.Name.Append(c);
                if (frame.Name.Length == 1 && !(char.IsLetterOrDigit(c) || c == '_'))
                {
                    frame.Phase = ParameterPhase.Operator;
                }

                return Append(c, i);
            case ParameterPhase.Name or ParameterPhase.Operator:
                frame.Phase = c switch
                {
                    '[' => ParameterPhase.Subscript,
                    ':' when next is '-' or '=' or '?' or '+' => ParameterPhase.Word,
                    ':' => ParameterPhase.Offset,
                    _ => ParameterPhase.Word,
                };
                if (c == '}')
                {
                    _frames.Pop();
                }

                return Append(c, i);
            case ParameterPhase.Subscript when c == '[':
                frame.Depth++;
                return Append(c, i);
            case ParameterPhase.Subscript when c == ']':
                if (frame.Depth == 0)
                {
                    frame.Phase = ParameterPhase.Operator;
                }
                else
                {
                    frame.Depth--;
                }

                return Append(c, i);
            case not ParameterPhase.Subscript when c == '}':
                _frames.Pop();
                return Append(c, i);
            default:
                // Quotes inside ${…} follow the quoting around it: in bash a '"' opens a nested string even inside "…".
                if (c == '\'' && frame.Enclosing == ShellContext.Bare)
                {
                    _frames.Push(Frame.Quoted(FrameKind.SingleQuoted));
                    return i;
                }

                if (c == '"')
                {
                    _frames.Push(Frame.Quoted(FrameKind.DoubleQuoted));
                    return i;
                }

                return OpenExpansion(text, i, frame.Enclosing) ?? Append(c, i);
        }
    }

    private int FeedBare(string text, int i, Frame frame)
    {
        var c = text[i];
        var next = At(text, i + 1);
        var state = frame.State!;
        if (state.InDoubleBracket && c is '&' or '|' or '(' or ')' or '<' or '>')
        {
            return Append(c, i); // inside [[ ]] these are operators of the test, not of the shell
        }

        if (c == ')')
        {
            state.EndWord(); // an 'esac' right before it closes its case first: "$(case … esac)"
        }

        switch (c)
        {
            case '\'':
                state.Word();
                _frames.Push(Frame.Quoted(FrameKind.SingleQuoted));
                return i;
            case '"':
                state.Word();
                _frames.Push(Frame.Quoted(FrameKind.DoubleQuoted));
                return i;
            case '$' when next == '\'' && _ansiCQuotes:
                state.Word();
                _frames.Push(Frame.Quoted(FrameKind.AnsiCQuoted));
                return i + 1;
            case '`' when frame.Closer == Closer.Backtick:
                CloseCommands();
                return Append(c, i);
            case '(' when next == '(' && state.AtWordStart:
                state.Word().Append("((");
                _frames.Push(Frame.Arithmetic(Closer.DoubleParenthesis, "an arithmetic command (( ))"));
                return i + 1;
            case '(' when state.AssignmentTarget() is { } array:
                state.Word().Append('(');
                _frames.Push(Frame.Commands(Closer.Parenthesis, new CommandState(this, array)));
                return i;
            case '(':
                state.EndCommand(newPipeline: true);
                if (frame.Closer == Closer.Parenthesis)
                {
                    frame.Depth++;
                }

                return i;
            case ')' when frame.Closer == Closer.Parenthesis && frame.Depth == 0 && state.OpenCases == 0:
                CloseCommands();
                return Append(c, i);
            case ')':
                state.EndCommand(newPipeline: true);
                frame.Depth = Math.Max(0, frame.Depth - 1);
                return i;
            case '#' when state.AtWordStart:
                _comment = true;
                return i;
            case '<' when next == '<' && At(text, i + 2) != '<':
                state.EndWord(fileDescriptor: true);
                return ReadHereDocumentOperator(text, i, state);
            case '<' or '>':
            case '&' when next == '>':
                state.EndWord(fileDescriptor: c != '&');
                var end = i;
                while (At(text, end + 1) is '<' or '>' or '&' or '|' or '-')
                {
                    end++;
                }

                state.RedirectNext(text.Substring(i, end - i + 1));
                return end;
            case '|' or '&' when next == c:
                state.EndCommand(newPipeline: true);
                return i + 1;
            case '|':
                state.EndCommand(newPipeline: false);
                return next == '&' ? i + 1 : i;
            case '&' or ';':
                state.EndCommand(newPipeline: true);
                return i;
            case '\n':
                state.EndCommand(newPipeline: true);
                StartNextHereDocument();
                return i;
            case ' ' or '\t':
                state.EndWord();
                return i;
            default:
                return OpenExpansion(text, i, ShellContext.Bare) ?? Append(c, i);
        }
    }

    /// <summary>Opens what starts with '\' or '$' or '`' wherever expansions happen: an escape, $((, $(, ${, $[ or a backtick.</summary>
    /// <returns>The index of the last character read, or null when <paramref name="i"/> starts none of them.</returns>
    private int? OpenExpansion(string text, int i, ShellContext quoting)
    {
        var c = text[i];
        var next = At(text, i + 1);
        switch (c)
        {
            case '\\':
                _escaped = true;
                return i;
            case '$' when next == '(' && At(text, i + 2) == '(':
                Word().Append("$((");
                _frames.Push(Frame.Arithmetic(Closer.DoubleParenthesis, "an arithmetic expansion $(( ))"));
                return i + 2;
            case '$' when next == '(':
                Word().Append("$(");
                _frames.Push(Frame.Commands(Closer.Parenthesis, new CommandState(this, arrayLiteral: null)));
                return i + 1;
            case '$' when next == '[':
                Word().Append("$[");
                _frames.Push(Frame.Arithmetic(Closer.Bracket, "an arithmetic expansion $[ ]"));
                return i + 1;
            case '$' when next == '{':
                Word().Append("${");
                _frames.Push(Frame.Parameter(quoting));
                return i + 1;
            case '`':
                Word().Append('`');
                _frames.Push(Frame.Commands(Closer.Backtick, new CommandState(this, arrayLiteral: null)));
                return i;
            default:
                return null;
        }
    }

    /// <summary>Ends a <c>$(…)</c>, a backtick substitution or an array literal: its last command ends with it.</summary>
    private void CloseCommands()
    {
        _frames.Pop().State!.EndCommand(newPipeline: true);
    }

    private int Append(char c, int i)
    {
        Word().Append(c);
        return i;
    }

    /// <summary>The word that text read now belongs to: the current word of the innermost command.</summary>
    private ShellWord Word() => NearestCommands().Word();

    private CommandState NearestCommands() => _frames.First(f => f.State is not null).State!;

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

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    private enum FrameKind
    {
        Bare,
        SingleQuoted,
        AnsiCQuoted,
        DoubleQuoted,
        Arithmetic,
        Parameter,
    }

    private enum Closer
    {
        None,
        Parenthesis,
        Backtick,
        DoubleParenthesis,
        Bracket,
    }

    private enum ParameterPhase
    {
        Name,
        Operator,
        Subscript,
        Offset,
        Word,
    }

    private sealed record HereDocument(string Delimiter, bool Quoted, bool StripTabs, ShellSimpleCommand Command);

    /// <summary>A template seen, with what is known of its place until <see cref="Finish"/> decides it.</summary>
    private sealed record PendingMark(
        ShellMark Mark,
        ShellPosition? Frame = null,
        string? SubscriptOf = null,
        ShellWord? Word = null,
        ShellSimpleCommand? HereDocumentOf = null);

    private sealed class Frame
    {
        private Frame(FrameKind kind, Closer closer)
        {
            Kind = kind;
            Closer = closer;
        }

        public FrameKind Kind { get; }

        public Closer Closer { get; }

        public int Depth { get; set; }

        /// <summary>Gets the commands read in a bare frame (the top, a <c>$(…)</c>, a backtick substitution, an array literal).</summary>
        public CommandState? State { get; private init; }

        /// <summary>Gets what an arithmetic frame is, for messages.</summary>
        public string? Where { get; private init; }

        /// <summary>Gets the quoting around a parameter expansion, which its word part follows.</summary>
        public ShellContext Enclosing { get; private init; }

        public ParameterPhase Phase { get; set; }

        public StringBuilder Name { get; } = new();

        public bool Prefixed { get; set; }

        public ShellContext Quoting => Kind switch
        {
            FrameKind.SingleQuoted => ShellContext.SingleQuoted,
            FrameKind.AnsiCQuoted => ShellContext.AnsiCQuoted,
            FrameKind.DoubleQuoted => ShellContext.DoubleQuoted,
            FrameKind.Arithmetic => ShellContext.Arithmetic,
            FrameKind.Parameter => Enclosing,
            _ => ShellContext.Bare,
        };

        public static Frame Commands(Closer closer, CommandState state) => new(FrameKind.Bare, closer) { State = state };

        public static Frame Quoted(FrameKind kind) => new(kind, Closer.None);

        public static Frame Arithmetic(Closer closer, string where) => new(FrameKind.Arithmetic, closer) { Where = where };

        public static Frame Parameter(ShellContext enclosing) => new(FrameKind.Parameter, Closer.None) { Enclosing = enclosing == ShellContext.DoubleQuoted ? enclosing : ShellContext.Bare };
    }

    /// <summary>The simple commands of one bare frame: the word being read, the command it belongs to, and its place in a pipeline.</summary>
    private sealed class CommandState(ShellLexer lexer, string? arrayLiteral)
    {
        private ShellSimpleCommand? _command;
        private ShellWord? _word;
        private string? _redirection;
        private int _pipeline = lexer._pipelines++;
        private int _stage;

        public bool InDoubleBracket { get; private set; }

        /// <summary>Gets how many <c>case</c> commands are open, whose patterns end with a ')' that closes nothing.</summary>
        public int OpenCases { get; private set; }

        public bool AtWordStart => _word is null;

        public ShellSimpleCommand Command()
        {
            if (_command is null)
            {
                _command = new ShellSimpleCommand(_pipeline, _stage);
                if (arrayLiteral is null)
                {
                    lexer._commands.Add(_command);
                }
            }

            return _command;
        }

        public ShellWord Word() => _word ??= new ShellWord(Command()) { Redirection = TakeRedirection(), ArrayLiteral = arrayLiteral };

        /// <summary>The array a word like <c>name=</c> or <c>name+=</c> assigns to when a '(' follows it: an array literal.</summary>
        public string? AssignmentTarget()
        {
            var text = _word?.Text;
            if (text is null || !text.EndsWith('=') || _word!.HasTemplate)
            {
                return null;
            }

            var name = text.TrimEnd('=').TrimEnd('+');
            return ShellPositionRules.IsName(name) ? name : null;
        }

        public void RedirectNext(string redirection)
        {
            Command();
            _redirection = redirection;
        }

        /// <param name="fileDescriptor">Whether a word of digits alone is the file descriptor of a redirection that follows (<c>2&gt;</c>).</param>
        public void EndWord(bool fileDescriptor = false)
        {
            if (_word is not { } word)
            {
                return;
            }

            _word = null;
            if (fileDescriptor && !word.HasTemplate && word.Redirection is null && word.Text.Length > 0 && word.Text.All(char.IsAsciiDigit))
            {
                return;
            }

            if (word.Redirection is not null)
            {
                word.Command.Redirections.Add(word);
                return;
            }

            word.Command.Words.Add(word);
            var first = ShellPositionRules.CommandStart(word.Command.Words.Select(w => w.Text).ToList()) == word.Command.Words.Count - 1;
            if (first && word.Text == "[[")
            {
                InDoubleBracket = true;
            }
            else if (first && word.Text == "case")
            {
                OpenCases++;
            }
            else if (first && word.Text == "esac" && OpenCases > 0)
            {
                OpenCases--;
            }
            else if (InDoubleBracket && word.Text == "]]")
            {
                InDoubleBracket = false;
            }
        }

        public void EndCommand(bool newPipeline)
        {
            EndWord();
            _command = null;
            _redirection = null;
            InDoubleBracket = false;
            if (newPipeline)
            {
                _pipeline = lexer._pipelines++;
                _stage = 0;
            }
            else
            {
                _stage++;
            }
        }

        private string? TakeRedirection()
        {
            var redirection = _redirection;
            _redirection = null;
            return redirection;
        }
    }
}
