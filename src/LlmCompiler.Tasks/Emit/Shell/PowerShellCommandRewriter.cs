using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// The <c>shell: pwsh</c> counterpart of <see cref="ShellCommandRewriter"/>: each <c>{{name}}</c> becomes
/// <c>${env:LLMC_name}</c>. PowerShell never re-parses a variable's value, bare or inside "…", so the value is
/// data. Inside '…' or @'…'@ nothing expands and no quoting trick can splice a value in: that is a build error the
/// checker reports (<see cref="Checking.ShellTemplateChecker"/>), so it never gets here.
/// </summary>
internal static class PowerShellCommandRewriter
{
    public static ShellCommand Rewrite(Template template) =>
        EnvironmentReferences.Rewrite(template, "pwsh", static (_, name) => "${env:" + name + "}");
}
