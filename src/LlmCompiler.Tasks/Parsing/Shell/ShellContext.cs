namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>Where a position in a POSIX shell command stands, which decides how a value must be quoted there.</summary>
internal enum ShellContext
{
    Bare,
    DoubleQuoted,
    SingleQuoted,
    AnsiCQuoted,
    HereDocument,
    QuotedHereDocument,
}
