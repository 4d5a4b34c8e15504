namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// What the whole command tells about one of its parts: the variables it declares integer (<c>declare -i</c>, whose
/// assignments bash evaluates as arithmetic), and the later stages of each pipeline. A <c>declare -A</c> proves
/// nothing: it may not run (<c>true || declare -A m; m[$x]=1</c>), and then the array is indexed and its subscript
/// arithmetic, so every subscript counts as arithmetic (a property test found that).
/// </summary>
internal sealed class ShellCommandContext
{
    private readonly IReadOnlyList<ShellSimpleCommand> _commands;
    private readonly HashSet<string> _integers = new(StringComparer.Ordinal);

    public ShellCommandContext(IReadOnlyList<ShellSimpleCommand> commands)
    {
        _commands = commands;
        foreach (var command in commands)
        {
            if (ShellPositionRules.Declaration(command) is not { } declaration)
            {
                continue;
            }

            foreach (var name in declaration.Names)
            {
                if (declaration.Flags.Contains('i'))
                {
                    _integers.Add(name);
                }
            }
        }
    }

    public bool IsInteger(string name) => _integers.Contains(name);

    /// <summary>The commands after <paramref name="command"/> in its pipeline, which read what it writes.</summary>
    public IEnumerable<ShellSimpleCommand> LaterStages(ShellSimpleCommand command) =>
        _commands.Where(c => c.Pipeline == command.Pipeline && c.Stage > command.Stage);
}
