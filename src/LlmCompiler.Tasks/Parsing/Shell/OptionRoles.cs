namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>What an argument is to a command that reads its options as getopt does.</summary>
/// <param name="What">'o' an operand, '-' an option cluster, 'a' the argument of <see cref="Option"/>, 's' the "--" that ends options.</param>
/// <param name="Option">The option whose argument this is.</param>
internal readonly record struct ArgumentRole(char What, char Option = '\0')
{
    public static ArgumentRole Operand { get; } = new('o');

    public static ArgumentRole OptionCluster { get; } = new('-');

    public static ArgumentRole EndOfOptions { get; } = new('s');

    public static ArgumentRole ArgumentOf(char option) => new('a', option);
}

/// <summary>Reads a command's arguments as getopt does (options first, stopping at the first operand or "--"), as the shells' builtins do.</summary>
internal static class OptionRoles
{
    /// <param name="arguments">The arguments after the command's name, as the shell will pass them.</param>
    /// <param name="withArgument">The option letters that take an argument, attached (<c>-vname</c>) or as the next word.</param>
    public static List<ArgumentRole> Of(IReadOnlyList<string> arguments, string withArgument)
    {
        var roles = new List<ArgumentRole>(arguments.Count);
        var options = true;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!options || argument.Length < 2 || argument[0] != '-')
            {
                options = false;
                roles.Add(ArgumentRole.Operand);
                continue;
            }

            if (argument == "--")
            {
                options = false;
                roles.Add(ArgumentRole.EndOfOptions);
                continue;
            }

            var role = ArgumentRole.OptionCluster;
            var takesNext = '\0';
            for (var j = 1; j < argument.Length; j++)
            {
                if (withArgument.Contains(argument[j]))
                {
                    if (j == argument.Length - 1)
                    {
                        takesNext = argument[j];
                    }
                    else
                    {
                        role = ArgumentRole.ArgumentOf(argument[j]); // attached: -vname
                    }

                    break;
                }
            }

            roles.Add(role);
            if (takesNext != '\0' && i + 1 < arguments.Count)
            {
                roles.Add(ArgumentRole.ArgumentOf(takesNext));
                i++;
            }
        }

        return roles;
    }
}
