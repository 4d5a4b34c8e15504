using System.Text;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// Turns a shell command template into a command that reads each value from an environment variable.
/// The value never becomes shell text: each <c>{{name}}</c> becomes a reference quoted for where it stands
/// (bare: <c>"${V}"</c>; inside double quotes: <c>${V}</c>; inside single quotes: <c>'"${V}"'</c>), so the
/// program receives it byte for byte and nothing in it is executed.
/// </summary>
internal static class ShellCommandRewriter
{
    public const string EnvironmentPrefix = "LLMC_";

    public static ShellCommand Rewrite(Template template, DiagnosticBag diagnostics, string shell = "sh")
    {
        if (shell == "pwsh")
        {
            return PowerShellCommandRewriter.Rewrite(template, diagnostics);
        }

        // bash reads $'…' as a quoting form of its own; POSIX sh does not.
        var lexer = new ShellLexer(ansiCQuotes: shell == "bash");
        var command = new StringBuilder();
        var variables = new List<KeyValuePair<string, string>>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in template.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    command.Append(text.Text);
                    lexer.Feed(text.Text);
                    break;
                case VariablePart variable:
                    if (!names.TryGetValue(variable.Name, out var environmentName))
                    {
                        environmentName = UniqueName(variable.Name, names.Values);
                        names.Add(variable.Name, environmentName);
                        variables.Add(new(environmentName, variable.Name));
                    }

                    var reference = "${" + environmentName + "}";
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
                            diagnostics.Add(DiagnosticDescriptors.ShellTemplatePosition, variable.Span,
                                $"'{{{{{variable.Name}}}}}' stands inside a quoted here-document, where the shell expands nothing. Use an unquoted delimiter (<<EOF) or move the value out of the here-document.");
                            break;
                    }

                    break;
            }
        }

        return new ShellCommand(command.ToString(), variables);
    }

    internal static string UniqueName(string variable, IEnumerable<string> taken)
    {
        var builder = new StringBuilder(EnvironmentPrefix);
        foreach (var c in variable)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_');
        }

        var name = builder.ToString();
        var candidate = name;
        for (var i = 2; taken.Contains(candidate, StringComparer.Ordinal); i++)
        {
            candidate = name + "_" + i;
        }

        return candidate;
    }
}

/// <summary>A rewritten command and the environment variables (name → workflow variable) that carry its values.</summary>
internal sealed record ShellCommand(string Command, IReadOnlyList<KeyValuePair<string, string>> Environment);
