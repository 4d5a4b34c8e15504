using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// Turns a shell command template into a command that reads each value from an environment variable.
/// The value never becomes shell text: each <c>{{name}}</c> becomes a reference quoted for where it stands
/// (bare: <c>"${V}"</c>; inside double quotes: <c>${V}</c>; inside single quotes: <c>'"${V}"'</c>), so the
/// program receives it byte for byte and nothing in it is executed. Inside arithmetic (<c>$(( ))</c>) the reference is
/// bare <c>${V}</c>, which dash requires, and the runtime lets only an integer through (<see cref="ShellCommand.IntegerValues"/>). A reference where no quoting works (a quoted
/// here-document) is a build error the checker reports (<see cref="Checking.ShellTemplateChecker"/>), so it never gets here.
/// </summary>
internal static class ShellCommandRewriter
{
    public static ShellCommand Rewrite(Template template, string shell = "sh")
    {
        if (shell == "pwsh")
        {
            return PowerShellCommandRewriter.Rewrite(template);
        }

        return EnvironmentReferences.Rewrite(template, shell, static (context, name) => context switch
        {
            ShellContext.Bare => "\"${" + name + "}\"",
            ShellContext.DoubleQuoted or ShellContext.HereDocument or ShellContext.Arithmetic => "${" + name + "}",
            ShellContext.SingleQuoted => "'\"${" + name + "}\"'",
            ShellContext.AnsiCQuoted => "'\"${" + name + "}\"$'",
            _ => throw new InvalidOperationException($"No quoting for {context}."),
        });
    }
}
