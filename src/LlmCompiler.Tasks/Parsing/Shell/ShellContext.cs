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

    /// <summary>
    /// Inside <c>$(( ))</c>, <c>(( ))</c> or <c>$[ ]</c>: no word splitting happens there, and dash refuses a quoted
    /// operand (<c>$(( "5" ))</c>), so a reference stands unquoted; only an integer may reach it.
    /// </summary>
    Arithmetic,
}
