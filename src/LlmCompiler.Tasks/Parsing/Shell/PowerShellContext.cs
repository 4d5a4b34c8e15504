namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>Where a position in a PowerShell command stands, which decides whether a value can be referenced there.</summary>
internal enum PowerShellContext
{
    Bare,
    DoubleQuoted,
    SingleQuoted,
    DoubleHereString,
    SingleHereString,
    LineComment,
    BlockComment,
}
