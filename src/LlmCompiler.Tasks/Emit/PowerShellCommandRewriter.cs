using System.Text;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// The <c>shell: pwsh</c> counterpart of <see cref="ShellCommandRewriter"/>: each <c>{{name}}</c> becomes
/// <c>${env:LLMC_name}</c>. PowerShell never re-parses a variable's value, bare or inside "…", so the value is
/// data. Inside '…' or @'…'@ nothing expands and no quoting trick can splice a value in: that is a build error.
/// </summary>
internal static class PowerShellCommandRewriter
{
    public static ShellCommand Rewrite(Template template, DiagnosticBag diagnostics)
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
                    if (lexer.Context is PowerShellContext.SingleQuoted or PowerShellContext.SingleHereString)
                    {
                        diagnostics.Add(DiagnosticDescriptors.ShellTemplatePosition, variable.Span,
                            $"'{{{{{variable.Name}}}}}' stands inside a single-quoted PowerShell string, where nothing expands. Use double quotes (\"…{{{{{variable.Name}}}}}…\") or put the value outside the string.");
                        break;
                    }

                    command.Append("${env:").Append(names.For(variable.Name)).Append('}');
                    break;
            }
        }

        return new ShellCommand(command.ToString(), names.Pairs);
    }
}
