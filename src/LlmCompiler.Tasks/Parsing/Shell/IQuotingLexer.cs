namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// A lexer that reads a shell command with its templates: text is fed to it, each template is marked where it
/// stands, and once the command is finished every mark knows what the shell does with its value.
/// </summary>
internal interface IQuotingLexer
{
    /// <summary>Reads literal command text.</summary>
    void Feed(string text);

    /// <summary>Marks a template at the current position: its quoting is known now, its <see cref="ShellMark.Position"/> after <see cref="Finish"/>.</summary>
    ShellMark Template();

    /// <summary>Ends the command and decides every mark's position.</summary>
    void Finish();
}
