using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks where each <c>{{name}}</c> of a shell command stands (<see cref="ShellTemplateScanner"/>):
/// <list type="bullet">
/// <item>LLMC3001: where no quoting can carry a value (a quoted here-document; a single-quoted PowerShell string);</item>
/// <item>LLMC3002: where bash reads a variable name, whose subscript it evaluates as arithmetic (<c>read {{x}}</c>);</item>
/// <item>LLMC3003, a warning: where the command runs its argument as code (<c>eval</c>, <c>sh -c</c>, <c>iex</c>, …).</item>
/// </list>
/// Arithmetic positions pass: the runtime lets only an integer reach them (<c>ShellStep.IntegerValues</c>).
/// </summary>
internal static class ShellTemplateChecker
{
    public static void Check(Template command, string shell, DiagnosticBag diagnostics)
    {
        foreach (var (part, mark) in ShellTemplateScanner.Scan(command, shell))
        {
            if (part is not VariablePart variable || mark is null)
            {
                continue;
            }

            var reference = $"{{{{{variable.Name}}}}}";
            if (!mark.CanReference)
            {
                diagnostics.Add(DiagnosticDescriptors.ShellTemplatePosition, variable.Span, shell == "pwsh"
                    ? $"'{reference}' stands inside a single-quoted PowerShell string, where nothing expands. Use double quotes (\"…{reference}…\") or put the value outside the string."
                    : $"'{reference}' stands inside a quoted here-document, where the shell expands nothing. Use an unquoted delimiter (<<EOF) or move the value out of the here-document.");
            }
            else if (mark.Position.Kind == ShellPositionKind.Name)
            {
                diagnostics.Add(DiagnosticDescriptors.ShellTemplateAsName, variable.Span,
                    $"'{reference}' stands as {mark.Position.Where}. bash evaluates the subscript of a variable name as arithmetic, which runs command substitutions, so a value there could run code. Write the variable's name in the command and pass the value as data; an index inside [ ] may be a template (it must then be an integer).");
            }
            else if (mark.Position.Kind == ShellPositionKind.Code)
            {
                diagnostics.Add(DiagnosticDescriptors.ShellTemplateRunsAsCode, variable.Span,
                    $"'{reference}' stands in {mark.Position.Where}: its value will run as code. Pass it as data instead (an argument or environment variable of a script that does not evaluate it), or silence LLMC3003 with NoWarn if the value is meant to be code.");
            }
        }
    }
}
