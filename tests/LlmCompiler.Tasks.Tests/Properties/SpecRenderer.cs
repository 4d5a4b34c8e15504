using System.Globalization;
using System.Text;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>Writes a <see cref="Spec"/> as workflow YAML.</summary>
internal static class SpecRenderer
{
    public static string Yaml(Spec spec)
    {
        var yaml = new StringBuilder();
        yaml.Append("name: ").Append(spec.Name).Append('\n');
        if (spec.Inputs.Count > 0)
        {
            yaml.Append("inputs:\n");
            foreach (var input in spec.Inputs)
            {
                yaml.Append("  ").Append(input.Name).Append(":\n");
                yaml.Append("    type: ").Append(input.Type switch { SpecType.Number => "number", SpecType.Boolean => "boolean", _ => "string" }).Append('\n');
                if (input.Default is { } value)
                {
                    yaml.Append("    default: ").Append(Quote(value)).Append('\n');
                }

                if (input.Required)
                {
                    yaml.Append("    required: true\n");
                }
            }
        }

        Env(yaml, spec.Env, "");
        yaml.Append("steps:\n");
        foreach (var step in spec.Steps)
        {
            yaml.Append("  - name: ").Append(step.Name).Append('\n');
            yaml.Append("    type: ").Append(step.Kind == "llm" ? "llm" : "shell").Append('\n');
            Foreach(yaml, step.Foreach);
            if (step.Condition is { } condition)
            {
                yaml.Append("    if: ").Append(Quote(Condition(condition))).Append('\n');
            }

            if (step.Kind == "llm")
            {
                yaml.Append("    prompt: ").Append(Quote(Template(step.Parts))).Append('\n');
            }
            else
            {
                if (step.Shell != "sh")
                {
                    yaml.Append("    shell: ").Append(step.Shell).Append('\n');
                }

                yaml.Append("    command: ").Append(Quote(Command(step))).Append('\n');
                Env(yaml, step.Env, "    ");
            }

            if (step.Output is { } output)
            {
                yaml.Append("    output: ").Append(output).Append('\n');
            }

            if (step.ContinueOnError)
            {
                yaml.Append("    continue_on_error: true\n");
            }

            if (step.Retry > 1)
            {
                yaml.Append("    retry: { max_attempts: ").Append(step.Retry).Append(", backoff: 0 }\n");
            }

            if (step.Timeout is { } timeout)
            {
                yaml.Append("    timeout: ").Append(timeout.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return yaml.ToString();
    }

    /// <summary>The shell command: <c>printf '%s' WORD</c>, the word made of the parts; or <c>exit N</c>.</summary>
    public static string Command(SpecStep step)
    {
        if (step.Kind == "fail")
        {
            return "exit " + step.ExitCode.ToString(CultureInfo.InvariantCulture);
        }

        if (step.Shell == "pwsh")
        {
            // Compile-only: PowerShell takes templates bare or inside double quotes.
            return "Write-Output \"" + string.Concat(step.Parts.Select(p => p switch
            {
                LiteralPart l => l.Text.Replace("\"", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal),
                VariablePart v => "{{" + v.Name + "}}",
                EnvPart e => "$env:" + e.Name,
                _ => "",
            })) + "\"";
        }

        var word = new StringBuilder();
        foreach (var part in step.Parts)
        {
            switch (part)
            {
                case LiteralPart { DoubleQuoted: true } literal:
                    word.Append('"').Append(literal.Text).Append('"');
                    break;
                case LiteralPart literal:
                    word.Append('\'').Append(literal.Text.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
                    break;
                case VariablePart { Quoting: 0 } variable:
                    word.Append("{{").Append(variable.Name).Append("}}");
                    break;
                case VariablePart { Quoting: 1 } variable:
                    word.Append("\"x{{").Append(variable.Name).Append("}}\"");
                    break;
                case VariablePart variable:
                    word.Append("'y{{").Append(variable.Name).Append("}}'");
                    break;
                case EnvPart env:
                    word.Append("\"${").Append(env.Name).Append("}\"");
                    break;
            }
        }

        return "printf '%s' " + (word.Length == 0 ? "''" : word.ToString());
    }

    public static string Condition(SpecExpr expression) => expression switch
    {
        LitExpr { Type: SpecType.Text } literal => "'" + literal.Text + "'",
        LitExpr literal => literal.Text,
        VarExpr { Braces: true } variable => "{{" + variable.Name + "}}",
        VarExpr variable => variable.Name,
        NotExpr not => "!(" + Condition(not.Operand) + ")",
        BinExpr binary => "(" + Condition(binary.Left) + " " + binary.Op + " " + Condition(binary.Right) + ")",
        CallExpr call => call.Name + "(" + string.Join(", ", call.Arguments.Select(Condition)) + ")",
        _ => throw new InvalidOperationException(),
    };

    private static string Template(IReadOnlyList<SpecPart> parts) =>
        string.Concat(parts.Select(p => p switch
        {
            LiteralPart l => l.Text.Replace("{", "", StringComparison.Ordinal),
            VariablePart v => "{{" + v.Name + "}}",
            _ => "",
        }));

    private static void Foreach(StringBuilder yaml, SpecForeach? each)
    {
        if (each is null)
        {
            return;
        }

        yaml.Append("    foreach: ").Append(each.Kind switch
        {
            SpecForeachKind.List => "[" + string.Join(", ", each.Items.Select(Quote)) + "]",
            SpecForeachKind.Array => each.Variable,
            SpecForeachKind.FromJson => "fromJSON(" + each.Variable + ")",
            _ => "lines(" + each.Variable + ")",
        }).Append('\n');
        if (each.MaxParallel is { } parallel)
        {
            yaml.Append("    max_parallel: ").Append(parallel.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (!each.FailFast)
        {
            yaml.Append("    fail_fast: false\n");
        }
    }

    private static void Env(StringBuilder yaml, IReadOnlyList<SpecEnv> env, string indent)
    {
        if (env.Count == 0)
        {
            return;
        }

        yaml.Append(indent).Append("env:\n");
        foreach (var entry in env)
        {
            yaml.Append(indent).Append("  ").Append(entry.Name).Append(": ").Append(Quote(Template(entry.Value))).Append('\n');
        }
    }

    /// <summary>A YAML double-quoted scalar: only backslash and double quote need escaping in our alphabets.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
