using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>Reads a command template with its shell's lexer and says, for each template, where it stands and what the shell does with its value.</summary>
internal static class ShellTemplateScanner
{
    /// <param name="command">The command template.</param>
    /// <param name="shell">sh, bash or pwsh.</param>
    /// <returns>Each part of the command, with the mark of each template (null for literal text).</returns>
    public static IReadOnlyList<(TemplatePart Part, ShellMark? Mark)> Scan(Template command, string shell)
    {
        // bash reads $'…' as a quoting form of its own; POSIX sh does not.
        IQuotingLexer lexer = shell == "pwsh" ? new PowerShellLexer() : new ShellLexer(ansiCQuotes: shell == "bash");
        var parts = new List<(TemplatePart, ShellMark?)>(command.Parts.Count);
        foreach (var part in command.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    lexer.Feed(text.Text);
                    parts.Add((part, null));
                    break;
                case VariablePart:
                    parts.Add((part, lexer.Template()));
                    break;
            }
        }

        lexer.Finish();
        return parts;
    }
}
