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
internal sealed partial class ShellLexer : IQuotingLexer
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
        var site = SiteHere();
        if (site.Word is { } word)
        {
            word.Add(mark);
        }

        _marks.Add(new PendingMark(mark, site.Frame, site.Word, site.HereDocumentOf, site.Output));
        return mark;
    }

    /// <summary>Where text read now stands: arithmetic, a place in the current word, or a here-document's body; and where the enclosing command substitution's output lands.</summary>
    private Site SiteHere()
    {
        var output = _frames.First(f => f.Kind == FrameKind.Bare).Output;
        if (_hereDocument is { } hereDocument)
        {
            return new Site(HereDocumentOf: hereDocument.Command, Output: output);
        }

        foreach (var frame in _frames)
        {
            switch (frame.Kind)
            {
                case FrameKind.Arithmetic:
                    return new Site(ShellPosition.Arithmetic(frame.Where!));
                case FrameKind.Parameter when frame.Phase == ParameterPhase.Subscript:
                    return new Site(ShellPosition.Arithmetic($"an array subscript (${{{frame.Name}[…]}})"));
                case FrameKind.Parameter when frame.Phase == ParameterPhase.Offset:
                    return new Site(ShellPosition.Arithmetic("a substring offset or length ${name:offset:length}"));
                case FrameKind.Bare:
                    var word = frame.State!.Word();
                    return new Site(Word: word, Offset: word.Text.Length, Output: frame.Output);
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
            var position = pending switch
            {
                { Frame: { } frame } => frame,
                { HereDocumentOf: { } command } => ShellPositionRules.OfHereDocument(command, context),
                { Word: { } word } => ShellPositionRules.Of(word, word.Marks.First(m => m.Mark == pending.Mark).Offset, context),
                _ => ShellPosition.Data,
            };
            pending.Mark.Position = position.Kind == ShellPositionKind.Data && pending.Output is { } output ? Substituted(output, context) : position;
        }
    }

    /// <summary>
    /// What the shell does with a command substitution's output, which is what it does with a value that is data inside
    /// it (the command may print it): arithmetic evaluates it, a name position reads it as a name, code runs it. A value
    /// that is arithmetic, a name or code inside the substitution already says so (an integer prints as an integer).
    /// </summary>
    private static ShellPosition Substituted(Site site, ShellCommandContext context)
    {
        var position = site switch
        {
            { Frame: { } frame } => frame,
            { HereDocumentOf: { } command } => ShellPositionRules.OfHereDocument(command, context),
            { Word: { } word } => ShellPositionRules.Of(word, site.Offset, context),
            _ => ShellPosition.Data,
        };
        if (position.Kind == ShellPositionKind.Data)
        {
            return site.Output is { } outer ? Substituted(outer, context) : position;
        }

        return position with { Where = "the output of a command substitution in " + position.Where };
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

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';
}
