using System.Text;
using LlmCompiler.Tasks.Parsing.Shell;
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
    public static ShellCommand Rewrite(Template template)
    {
        var lexer = new PowerShellLexer();
        var command = new StringBuilder();
        var names = new EnvironmentVariableNames();
        foreach (var part in template.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    command.Append(text.Text);
                    lexer.Feed(text.Text);
                    break;
                case VariablePart variable:
                    if (!lexer.CanReferenceHere)
                    {
                        throw new InvalidOperationException($"'{{{{{variable.Name}}}}}' in {lexer.Context} reached the emitter; the checker reports it (LLMC3001).");
                    }

                    command.Append("${env:").Append(names.For(variable.Name)).Append('}');
                    break;
            }
        }

        return new ShellCommand(command.ToString(), names.Pairs);
    }
}
