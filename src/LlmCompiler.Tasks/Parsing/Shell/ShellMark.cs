namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// Where one template stands in a command: its quoting, known as soon as the lexer reaches it, and what the shell
/// does with its value, known once the whole command is read (the operand before <c>-eq</c> in <c>[[ ]]</c> is
/// arithmetic only because of what follows it).
/// </summary>
internal sealed class ShellMark
{
    public ShellMark(ShellContext context, bool canReference)
    {
        Context = context;
        CanReference = canReference;
    }

    /// <summary>Gets the quoting around the template, which decides how its reference is written.</summary>
    public ShellContext Context { get; }

    /// <summary>Gets whether a reference can stand here at all (a quoted here-document expands nothing).</summary>
    public bool CanReference { get; }

    /// <summary>Gets what the shell does with the value; set when the lexer finishes.</summary>
    public ShellPosition Position { get; internal set; } = ShellPosition.Data;
}
