using System.Text;
using LlmCompiler.Tasks.Parsing.Shell;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>
/// The walk both shells' rewriters share: literal text is copied, and each <c>{{name}}</c> becomes a reference to the
/// environment variable that carries its value, written by the shell's own rule for where the lexer found it. A value
/// in an arithmetic position is listed for the runtime's integer check, unless the checker knows it is an integer.
/// </summary>
internal static class EnvironmentReferences
{
    /// <param name="template">The command template.</param>
    /// <param name="shell">sh, bash or pwsh.</param>
    /// <param name="reference">Writes a reference to the environment variable (its name given) in the quoting the template stands in.</param>
    public static ShellCommand Rewrite(Template template, string shell, Func<ShellContext, string, string> reference)
    {
        var command = new StringBuilder();
        var names = new EnvironmentVariableNames();
        var integers = new List<ArithmeticValue>();
        foreach (var (part, mark) in ShellTemplateScanner.Scan(template, shell))
        {
            if (part is TextPart text)
            {
                command.Append(text.Text);
                continue;
            }

            var variable = (VariablePart)part;
            if (!mark!.CanReference)
            {
                throw new InvalidOperationException($"'{{{{{variable.Name}}}}}' stands where no quoting reaches; the checker reports that (LLMC3001).");
            }

            var name = names.For(variable.Name);
            command.Append(reference(mark.Context, name));
            if (mark.Position.Kind == ShellPositionKind.Arithmetic && !variable.IsInteger && integers.TrueForAll(v => v.Variable != name))
            {
                integers.Add(new ArithmeticValue(name, $"{{{{{variable.Name}}}}}", mark.Position.Where));
            }
        }

        return new ShellCommand(command.ToString(), names.Pairs) { IntegerValues = integers };
    }
}
