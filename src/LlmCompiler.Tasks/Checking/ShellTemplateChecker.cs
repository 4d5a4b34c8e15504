using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Finds <c>{{name}}</c> references in a shell command that stand where no quoting can carry a value (LLMC3001):
/// inside a quoted here-document (sh, bash), where the shell expands nothing, or inside a single-quoted PowerShell
/// string or here-string. Everywhere else the emitter's rewriters can reference the value safely.
/// </summary>
internal static class ShellTemplateChecker
{
    public static void Check(Template command, string shell, DiagnosticBag diagnostics)
    {
        // bash reads $'…' as a quoting form of its own; POSIX sh does not.
        IQuotingLexer lexer = shell == "pwsh" ? new PowerShellLexer() : new ShellLexer(ansiCQuotes: shell == "bash");
        foreach (var part in command.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    lexer.Feed(text.Text);
                    break;
                case VariablePart variable when !lexer.CanReferenceHere:
                    var reference = $"{{{{{variable.Name}}}}}";
                    diagnostics.Add(DiagnosticDescriptors.ShellTemplatePosition, variable.Span, shell == "pwsh"
                        ? $"'{reference}' stands inside a single-quoted PowerShell string, where nothing expands. Use double quotes (\"…{reference}…\") or put the value outside the string."
                        : $"'{reference}' stands inside a quoted here-document, where the shell expands nothing. Use an unquoted delimiter (<<EOF) or move the value out of the here-document.");
                    break;
            }
        }
    }
}
