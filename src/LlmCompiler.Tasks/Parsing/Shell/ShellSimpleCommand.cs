namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>
/// A simple command (words and redirections up to <c>;</c>, <c>|</c>, <c>&amp;&amp;</c>, a newline, …), with its place in
/// a pipeline: a value written into an earlier stage is read by a later stage's standard input.
/// </summary>
internal sealed class ShellSimpleCommand(int pipeline, int stage)
{
    public int Pipeline { get; } = pipeline;

    public int Stage { get; } = stage;

    /// <summary>Gets the arguments, the command name among them, in order.</summary>
    public List<ShellWord> Words { get; } = [];

    /// <summary>Gets the redirection targets (their operator in <see cref="ShellWord.Redirection"/>).</summary>
    public List<ShellWord> Redirections { get; } = [];

    /// <summary>Gets the marks that stand in the bodies of this command's here-documents.</summary>
    public List<ShellMark> HereDocumentMarks { get; } = [];
}
