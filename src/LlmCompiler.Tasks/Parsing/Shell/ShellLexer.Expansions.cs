namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>What starts with '$', a backslash or a backtick wherever expansions happen, and the arithmetic and <c>${…}</c> frames they open.</summary>
internal sealed partial class ShellLexer
{
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
                var output = SiteHere();
                Word().Append("$(");
                _frames.Push(Frame.Commands(Closer.Parenthesis, new CommandState(this, arrayLiteral: null), output));
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
                var backtickOutput = SiteHere();
                Word().Append('`');
                _frames.Push(Frame.Commands(Closer.Backtick, new CommandState(this, arrayLiteral: null), backtickOutput));
                return i;
            default:
                return null;
        }
    }
}
