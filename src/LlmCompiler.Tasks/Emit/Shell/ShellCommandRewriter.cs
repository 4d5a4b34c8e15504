using System.Text;
using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// Turns a shell command template into a command that reads each value from an environment variable.
/// The value never becomes shell text: each <c>{{name}}</c> becomes a reference quoted for where it stands
/// (bare: <c>"${V}"</c>; inside double quotes: <c>${V}</c>; inside single quotes: <c>'"${V}"'</c>), so the
/// program receives it byte for byte and nothing in it is executed. A reference where no quoting works (a quoted
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

        // bash reads $'…' as a quoting form of its own; POSIX sh does not.
        var lexer = new ShellLexer(ansiCQuotes: shell == "bash");
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
                    var reference = "${" + names.For(variable.Name) + "}";
                    switch (lexer.Context)
                    {
                        case ShellContext.Bare:
                            command.Append('"').Append(reference).Append('"');
                            break;
                        case ShellContext.DoubleQuoted or ShellContext.HereDocument:
                            command.Append(reference);
                            break;
                        case ShellContext.SingleQuoted:
                            command.Append("'\"").Append(reference).Append("\"'");
                            break;
                        case ShellContext.AnsiCQuoted:
                            command.Append("'\"").Append(reference).Append("\"$'");
                            break;
                        default:
                            throw new InvalidOperationException($"'{{{{{variable.Name}}}}}' in {lexer.Context} reached the emitter; the checker reports it (LLMC3001).");
                    }

                    break;
            }
        }

        return new ShellCommand(command.ToString(), names.Pairs);
    }
}

/// <summary>A rewritten command and the environment variables (name → workflow variable) that carry its values.</summary>
internal sealed record ShellCommand(string Command, IReadOnlyList<KeyValuePair<string, string>> Environment);
