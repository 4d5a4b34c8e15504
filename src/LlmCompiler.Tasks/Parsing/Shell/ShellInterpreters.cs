namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// Programs that run one of their arguments, or their standard input, as code: the shells (<c>sh -c</c>, <c>bash -c</c>,
/// <c>pwsh -Command</c>), the common script interpreters (<c>python -c</c>, <c>perl -e</c>, <c>node -e</c>, <c>awk</c>'s
/// and <c>sed</c>'s program) and remote or other-user shells (<c>ssh host command</c>, <c>su -c</c>). Found anywhere in
/// a command, so that <c>env</c>, <c>sudo</c>, <c>xargs</c> or <c>find -exec</c> in front of one changes nothing.
/// </summary>
internal static class ShellInterpreters
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "busybox" };

    private static readonly HashSet<string> PowerShells = new(StringComparer.OrdinalIgnoreCase) { "pwsh", "powershell", "pwsh.exe", "powershell.exe" };

    private static readonly HashSet<string> Pythons = new(StringComparer.Ordinal) { "python", "python2", "python3", "pypy", "pypy3" };

    private static readonly HashSet<string> Awks = new(StringComparer.Ordinal) { "awk", "gawk", "mawk", "nawk" };

    /// <summary>Programs that run the command after them (with options, assignments or a number of their own first).</summary>
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "env", "sudo", "doas", "nohup", "exec", "nice", "setsid", "stdbuf", "timeout", "time" };

    /// <summary>What program's code the word at <paramref name="index"/> is, looking at every program named from <paramref name="start"/> on; null for none.</summary>
    /// <param name="words">The command's words, as the shell will pass them.</param>
    /// <param name="start">The command's name.</param>
    /// <param name="index">The word holding the template.</param>
    public static ShellPosition? Of(IReadOnlyList<string> words, int start, int index)
    {
        for (var j = start; j < index; j++)
        {
            var program = Path.GetFileName(words[j]);
            var arguments = words.Skip(j + 1).ToList();
            var at = index - j - 1;
            var isCode = program switch
            {
                _ when Shells.Contains(program) => ShellScript(arguments) == at,
                _ when PowerShells.Contains(program) => PowerShellCommand(arguments) is { } from && at >= from,
                _ when Pythons.Contains(program) => ArgumentAfter(arguments, a => a == "-c" || IsCluster(a, 'c')) == at,
                "perl" => ArgumentAfter(arguments, a => IsCluster(a, 'e') || IsCluster(a, 'E')) == at,
                "ruby" => ArgumentAfter(arguments, a => IsCluster(a, 'e')) == at,
                "node" or "nodejs" => ArgumentAfter(arguments, a => a is "-e" or "--eval" or "-p" or "--print") == at,
                "php" => ArgumentAfter(arguments, a => a == "-r") == at,
                _ when Awks.Contains(program) => Program(arguments, "Fvf", 'f', null) == at,
                "sed" => Program(arguments, "efl", 'f', 'e') == at,
                "ssh" => RemoteCommand(arguments) is { } from && at >= from,
                "su" or "runuser" => ArgumentAfter(arguments, a => a is "-c" or "--command") == at,
                _ => false,
            };
            if (isCode)
            {
                return ShellPosition.Code($"the code that '{program}' runs");
            }
        }

        return null;
    }

    /// <summary>The program that runs a command's standard input as code (<c>| sh</c>, <c>bash -s</c>, <c>python3 -</c>), or null.</summary>
    public static string? ReadsScriptFromStandardInput(ShellSimpleCommand command)
    {
        var words = command.Words.Select(w => w.Text).ToList();
        var j = ShellPositionRules.CommandStart(words);
        while (j < words.Count && Wrappers.Contains(words[j]))
        {
            for (j++; j < words.Count && (words[j].StartsWith('-') || words[j].Contains('=', StringComparison.Ordinal) || words[j].All(char.IsAsciiDigit)); j++)
            {
            }
        }

        if (j < words.Count)
        {
            var program = Path.GetFileName(words[j]);
            var arguments = words.Skip(j + 1).ToList();
            var operands = OptionRoles.Of(arguments, "oO").Select((role, i) => (role, i)).Where(r => r.role == ArgumentRole.Operand).Select(r => arguments[r.i]).ToList();
            var readsInput = program switch
            {
                _ when Shells.Contains(program) => ShellScript(arguments) is null && (operands.Count == 0 || arguments.Any(a => IsCluster(a, 's'))),
                _ when Pythons.Contains(program) || program is "perl" or "ruby" or "node" or "nodejs" or "php" =>
                    !arguments.Any(a => a is "--eval" or "--print" || IsCluster(a, 'c') || IsCluster(a, 'e') || IsCluster(a, 'E') || IsCluster(a, 'r') || IsCluster(a, 'p'))
                    && (operands.Count == 0 || operands[0] == "-"),
                _ => false,
            };
            if (readsInput)
            {
                return program;
            }
        }

        return null;
    }

    /// <summary>The index of the script of <c>sh -c script</c> (the first operand after options that include 'c'), or null.</summary>
    private static int? ShellScript(List<string> arguments)
    {
        var roles = OptionRoles.Of(arguments, "oO");
        var command = arguments.Where((a, i) => roles[i] == ArgumentRole.OptionCluster).Any(a => a.Contains('c', StringComparison.Ordinal) && !a.StartsWith("--", StringComparison.Ordinal));
        var script = roles.IndexOf(ArgumentRole.Operand);
        return command && script >= 0 ? script : null;
    }

    /// <summary>
    /// Where PowerShell's command text starts: after <c>-Command</c>, <c>-CommandWithArgs</c>, <c>-EncodedCommand</c> or
    /// any prefix PowerShell accepts for them (<c>-c</c>, <c>-e</c>, <c>-ec</c>), case-insensitively. Everything after it is code.
    /// </summary>
    private static int? PowerShellCommand(List<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var option = arguments[i].TrimStart('-').ToLowerInvariant();
            if (arguments[i].StartsWith('-') && option.Length > 0
                && ("command".StartsWith(option, StringComparison.Ordinal) || "commandwithargs".StartsWith(option, StringComparison.Ordinal)
                    || "encodedcommand".StartsWith(option, StringComparison.Ordinal) || option is "cwa" or "ec"))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>The index of the word after the first option <paramref name="isOption"/> accepts, or null.</summary>
    private static int? ArgumentAfter(List<string> arguments, Func<string, bool> isOption)
    {
        var i = arguments.FindIndex(a => isOption(a));
        return i >= 0 && i + 1 < arguments.Count ? i + 1 : null;
    }

    /// <summary>
    /// Where an awk or sed program stands: the argument of <paramref name="programOption"/> (sed's <c>-e</c>), else the
    /// first operand unless a program file (<paramref name="fileOption"/>) is given.
    /// </summary>
    private static int? Program(List<string> arguments, string withArgument, char fileOption, char? programOption)
    {
        var roles = OptionRoles.Of(arguments, withArgument);
        if (programOption is { } option && roles.IndexOf(ArgumentRole.ArgumentOf(option)) is >= 0 and var given)
        {
            return given;
        }

        if (roles.Contains(ArgumentRole.ArgumentOf(fileOption)))
        {
            return null;
        }

        var operand = roles.IndexOf(ArgumentRole.Operand);
        return operand >= 0 ? operand : null;
    }

    /// <summary>Where <c>ssh</c>'s remote command starts: the operands after the destination, which the remote shell parses.</summary>
    private static int? RemoteCommand(List<string> arguments)
    {
        var roles = OptionRoles.Of(arguments, "BbcDEeFIiJLlmOoPpQRSWw");
        var destination = roles.IndexOf(ArgumentRole.Operand);
        return destination >= 0 ? destination + 1 : null;
    }

    /// <summary>Whether <paramref name="argument"/> is a cluster of short options ending with <paramref name="option"/> (<c>-c</c>, <c>-ec</c>, <c>-lne</c>).</summary>
    private static bool IsCluster(string argument, char option) =>
        argument.Length >= 2 && argument[0] == '-' && argument[1] != '-' && argument[^1] == option;
}
