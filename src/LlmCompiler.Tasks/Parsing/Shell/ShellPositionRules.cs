namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// The positions where sh or bash evaluate a word as something other than data, by the command that reads it.
/// Worked out from the bash and dash manuals and checked against bash 5.2 with a payload <c>a[$(cmd)]</c> in each
/// (docs: README, "Shell values are never code"):
/// <list type="bullet">
/// <item>arithmetic: <c>let</c>'s arguments, the operands of <c>-eq -ne -lt -le -gt -ge</c> in <c>[[ ]]</c>, array
/// subscripts in assignments (<c>a[i]=</c>, <c>a=([i]=…)</c>) and in name arguments, the values given to an integer
/// variable (<c>declare -i</c>); <c>$(( ))</c>, <c>(( ))</c>, <c>$[ ]</c>, <c>${a[i]}</c> and <c>${s:o:l}</c> are
/// frames the lexer knows itself;</item>
/// <item>variable names, whose subscripts bash evaluates: <c>declare/typeset/local/export/readonly</c> names,
/// <c>read</c>, <c>printf -v</c>, <c>unset</c>, <c>mapfile</c>, <c>wait -p</c>, <c>getopts</c>, <c>test -v</c>,
/// <c>[[ -v ]]</c>, and a nameref's target (<c>declare -n</c>);</item>
/// <item>code: <c>eval</c>, <c>source</c> and <c>.</c>, <c>trap</c>'s action, <c>complete/compgen -W/-C</c>,
/// <c>mapfile -C</c>, the prompt variables bash expands (<c>PS1</c>…<c>PS4</c>, <c>PROMPT_COMMAND</c>,
/// <c>BASH_ENV</c>, <c>ENV</c>), and the interpreters of <see cref="ShellInterpreters"/>.</item>
/// </list>
/// Not here, because bash reads them as plain integers and never evaluates them (checked): <c>test</c>/<c>[</c>'s
/// <c>-eq</c>, <c>printf %d</c>, <c>shift</c>, <c>exit</c>, <c>return</c>, <c>break</c>, <c>read -t/-n</c>, <c>ulimit</c>.
/// </summary>
internal static class ShellPositionRules
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "time", "function",
    };

    private static readonly HashSet<string> ArithmeticOperators = new(StringComparer.Ordinal) { "-eq", "-ne", "-lt", "-le", "-gt", "-ge" };

    private static readonly HashSet<string> DeclarationBuiltins = new(StringComparer.Ordinal) { "declare", "typeset", "local", "export", "readonly" };

    /// <summary>Variables whose value bash expands as a prompt (running command substitutions) or runs as a file of code.</summary>
    private static readonly HashSet<string> CodeVariables = new(StringComparer.Ordinal)
    {
        "PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "BASH_ENV", "ENV",
    };

    /// <summary>What the shell does with the value of a template at <paramref name="offset"/> in <paramref name="word"/>.</summary>
    public static ShellPosition Of(ShellWord word, int offset, ShellCommandContext context)
    {
        var position = OfWord(word, offset, context);
        if (position.Kind != ShellPositionKind.Data)
        {
            return position;
        }

        // Whatever this command writes, a later stage that runs its standard input as a script runs it.
        return context.LaterStages(word.Command).Select(ShellInterpreters.ReadsScriptFromStandardInput).FirstOrDefault(p => p is not null) is { } reader
            ? ShellPosition.Code($"a pipeline into '{reader}', which runs what it reads")
            : position;
    }

    /// <summary>What the shell does with a template in a here-document's body: its command's standard input.</summary>
    public static ShellPosition OfHereDocument(ShellSimpleCommand command, ShellCommandContext context) =>
        ShellInterpreters.ReadsScriptFromStandardInput(command) is { } reader
            ? ShellPosition.Code($"a here-document read by '{reader}' as its script")
            : ShellPosition.Data;

    /// <summary>Whether <paramref name="text"/> is a shell variable name.</summary>
    public static bool IsName(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A declaration builtin's option letters and the names it declares, or null for another command.</summary>
    public static (string Flags, IReadOnlyList<string> Names)? Declaration(ShellSimpleCommand command)
    {
        var start = CommandStart(command.Words.Select(w => w.Text).ToList());
        if (start >= command.Words.Count || !DeclarationBuiltins.Contains(command.Words[start].Text))
        {
            return null;
        }

        var flags = "";
        var names = new List<string>();
        foreach (var word in command.Words.Skip(start + 1))
        {
            var text = word.Text;
            if (text.Length > 1 && text[0] is '-' or '+' && names.Count == 0)
            {
                flags += text[0] == '-' ? text[1..] : "";
            }
            else if (BaseName(text) is { } name)
            {
                names.Add(name);
            }
        }

        return (flags, names);
    }

    private static ShellPosition OfWord(ShellWord word, int offset, ShellCommandContext context)
    {
        if (word.ArrayLiteral is { } array)
        {
            // name=( [i]=value … ): the subscript of an element is arithmetic, unless the array is associative.
            return word.Text.StartsWith('[') && InSubscript(word.Text, offset) ? Subscript(array) : ShellPosition.Data;
        }

        var command = word.Command;
        if (word.Redirection is { } redirection)
        {
            return redirection is "<" or "<<<" && ShellInterpreters.ReadsScriptFromStandardInput(command) is { } reader
                ? ShellPosition.Code($"the standard input of '{reader}', which reads its script there")
                : ShellPosition.Data;
        }

        var words = command.Words;
        var index = words.IndexOf(word);
        var start = CommandStart(words.Select(w => w.Text).ToList());
        if (index < start)
        {
            return Assignment(word, offset, context, integer: false, nameref: false, "an assignment");
        }

        if (index == start || start >= words.Count)
        {
            return ShellPosition.Data; // the value names the program to run: it is not parsed
        }

        var name = words[start].Text;
        var arguments = words.Skip(start + 1).Select(w => w.Text).ToList();
        var at = index - start - 1;
        return name switch
        {
            "let" => ShellPosition.Arithmetic("an argument of 'let'"),
            "[[" => DoubleBracket(arguments, at),
            "test" or "[" => at > 0 && arguments[at - 1] == "-v" ? ShellPosition.Name($"the name tested by '{name} -v'") : ShellPosition.Data,
            _ when DeclarationBuiltins.Contains(name) => Declaration(name, arguments, at, word, offset, context),
            "unset" => NameArgument(word, offset, context, OptionRoles.Of(arguments, "")[at] == ArgumentRole.Operand, "'unset'"),
            "read" => Read(arguments, at, word, offset, context),
            "printf" => NameArgument(word, offset, context, OptionRoles.Of(arguments, "v")[at] == ArgumentRole.ArgumentOf('v'), "'printf -v'"),
            "wait" => NameArgument(word, offset, context, OptionRoles.Of(arguments, "p")[at] == ArgumentRole.ArgumentOf('p'), "'wait -p'"),
            "getopts" => NameArgument(word, offset, context, at == 1, "'getopts'"),
            "mapfile" or "readarray" => Mapfile(name, arguments, at, word, offset, context),
            "eval" => ShellPosition.Code("an argument of 'eval'"),
            "source" or "." => OptionRoles.Of(arguments, "").IndexOf(ArgumentRole.Operand) == at ? ShellPosition.Code($"the file '{name}' runs") : ShellPosition.Data,
            "trap" => OptionRoles.Of(arguments, "").IndexOf(ArgumentRole.Operand) == at ? ShellPosition.Code("the action of 'trap'") : ShellPosition.Data,
            "complete" or "compgen" => OptionRoles.Of(arguments, "oAGWFCXPS")[at] is var role && (role == ArgumentRole.ArgumentOf('W') || role == ArgumentRole.ArgumentOf('C'))
                ? ShellPosition.Code($"a word list or command of '{name}', which bash expands or runs")
                : ShellPosition.Data,
            _ => ShellInterpreters.Of(words.Select(w => w.Text).ToList(), start, index) ?? ShellPosition.Data,
        };
    }

    /// <summary>Where a command's name stands: after its assignments, reserved words and the wrappers that run a builtin (<c>command</c>, <c>builtin</c>).</summary>
    public static int CommandStart(IReadOnlyList<string> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            var text = words[i];
            if (IsAssignment(text) || ReservedWords.Contains(text))
            {
                i++;
            }
            else if (text is "command" or "builtin")
            {
                i++;
                while (i < words.Count && words[i].StartsWith('-'))
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static ShellPosition DoubleBracket(List<string> arguments, int at)
    {
        if (at > 0 && ArithmeticOperators.Contains(arguments[at - 1]))
        {
            return ShellPosition.Arithmetic($"an operand of '{arguments[at - 1]}' in [[ ]]");
        }

        if (at + 1 < arguments.Count && ArithmeticOperators.Contains(arguments[at + 1]))
        {
            return ShellPosition.Arithmetic($"an operand of '{arguments[at + 1]}' in [[ ]]");
        }

        return at > 0 && arguments[at - 1] == "-v" ? ShellPosition.Name("the name tested by '[[ -v ]]'") : ShellPosition.Data;
    }

    private static ShellPosition Declaration(string builtin, List<string> arguments, int at, ShellWord word, int offset, ShellCommandContext context)
    {
        var roles = OptionRoles.Of(arguments, "");
        if (roles[at] != ArgumentRole.Operand)
        {
            return ShellPosition.Data;
        }

        var flags = string.Concat(arguments.Take(at).Where((_, i) => roles[i] == ArgumentRole.OptionCluster).Select(o => o.TrimStart('-')));
        var takesAttributes = builtin is "declare" or "typeset" or "local";
        return Assignment(word, offset, context, integer: takesAttributes && flags.Contains('i'), nameref: takesAttributes && flags.Contains('n'), $"'{builtin}'");
    }

    private static ShellPosition Read(List<string> arguments, int at, ShellWord word, int offset, ShellCommandContext context)
    {
        var role = OptionRoles.Of(arguments, "adinNptu")[at];
        return NameArgument(word, offset, context, role == ArgumentRole.Operand || role == ArgumentRole.ArgumentOf('a'), "'read'");
    }

    private static ShellPosition Mapfile(string name, List<string> arguments, int at, ShellWord word, int offset, ShellCommandContext context)
    {
        var role = OptionRoles.Of(arguments, "dnOsuCc")[at];
        return role == ArgumentRole.ArgumentOf('C')
            ? ShellPosition.Code($"the callback of '{name} -C'")
            : NameArgument(word, offset, context, role == ArgumentRole.Operand, $"'{name}'");
    }

    /// <summary><c>name=value</c>, <c>name[i]=value</c> or <c>name+=value</c>, before a command or given to a declaration builtin.</summary>
    private static ShellPosition Assignment(ShellWord word, int offset, ShellCommandContext context, bool integer, bool nameref, string where)
    {
        var text = word.Text;
        var equals = AssignmentOperator(text);
        if (equals < 0 || offset < equals)
        {
            return NameArgument(word, offset, context, isName: true, where);
        }

        var name = BaseName(text[..equals]);
        if (nameref)
        {
            return ShellPosition.Name($"the variable a nameref ({where} -n) points to");
        }

        if (integer || (name is not null && context.IsInteger(name)))
        {
            return ShellPosition.Arithmetic($"the value of an integer variable ('declare -i {name}')");
        }

        return name is not null && CodeVariables.Contains(name)
            ? ShellPosition.Code($"the value of {name}, which bash expands as a prompt or runs")
            : ShellPosition.Data;
    }

    /// <summary>
    /// A word the command reads as a variable name (when <paramref name="isName"/>): inside its subscript a value is
    /// arithmetic, anywhere else it is refused. <paramref name="given"/> names what reads it, for messages ("'read'").
    /// </summary>
    private static ShellPosition NameArgument(ShellWord word, int offset, ShellCommandContext context, bool isName, string given)
    {
        if (!isName)
        {
            return ShellPosition.Data;
        }

        var text = word.Text;
        return InSubscript(text, offset) && BaseName(text) is { } array
            ? Subscript(array)
            : ShellPosition.Name($"a variable name given to {given}");
    }

    private static ShellPosition Subscript(string array) =>
        ShellPosition.Arithmetic($"an array subscript ({array}[…])");

    /// <summary>Whether <paramref name="offset"/> lies between a name's '[' and its matching ']'.</summary>
    private static bool InSubscript(string text, int offset)
    {
        var open = text.IndexOf('[');
        if (open < 0 || offset < open)
        {
            return false;
        }

        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return offset < i;
            }
        }

        return true;
    }

    /// <summary>The index of an assignment's '=' (outside a subscript), or -1.</summary>
    private static int AssignmentOperator(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '=' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    private static bool IsAssignment(string text)
    {
        var equals = AssignmentOperator(text);
        return equals > 0 && BaseName(text[..equals]) is not null;
    }

    /// <summary>The variable a name word names (<c>a</c> of <c>a[3]</c>, <c>a+</c>, <c>a=1</c>), or null when it is no name.</summary>
    private static string? BaseName(string text)
    {
        var end = text.IndexOfAny(['[', '=']);
        var name = (end < 0 ? text : text[..end]).TrimEnd('+');
        return IsName(name) ? name : null;
    }
}
