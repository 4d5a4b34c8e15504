using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmCompiler.Runtime;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// What running a <see cref="Spec"/> must do, computed directly from the model, written without the compiler or
/// the runtime's helpers: the statuses of the steps, the final variables and the workflow's status.
/// </summary>
internal static class ReferenceEvaluator
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (IReadOnlyList<StepStatus> Steps, IReadOnlyDictionary<string, string> Variables, RunStatus Status) Run(Spec spec)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in spec.Inputs)
        {
            variables[input.Name] = input.Given ?? input.Default ?? input.Type switch
            {
                SpecType.Number => "0",
                SpecType.Boolean => "false",
                _ => "",
            };
        }

        var workflowEnv = spec.Env.ToDictionary(e => e.Name, e => Template(e.Value, variables), StringComparer.Ordinal);
        var statuses = new List<StepStatus>();
        var failed = false;
        foreach (var step in spec.Steps)
        {
            var checksStatus = step.Condition is { } c && UsesStatus(c);
            if (failed && !checksStatus)
            {
                statuses.Add(StepStatus.NotRun);
                continue;
            }

            bool run;
            try
            {
                run = step.Condition is not { } condition || Bool(condition, variables, spec, failed);
            }
            catch (FormatException)
            {
                // A non-number compared with '<' fails the step.
                Fail(step);
                continue;
            }

            if (!run)
            {
                statuses.Add(StepStatus.Skipped);
                continue;
            }

            var env = new Dictionary<string, string>(workflowEnv, StringComparer.Ordinal);
            foreach (var entry in step.Env)
            {
                env[entry.Name] = Template(entry.Value, variables);
            }

            if (step.Foreach is { } each)
            {
                RunForeach(step, each, env);
                continue;
            }

            if (step.Kind == "fail")
            {
                Fail(step);
                continue;
            }

            statuses.Add(StepStatus.Succeeded);
            if (step.Output is { } output)
            {
                variables[output] = Render(step.Parts, variables, env);
            }
        }

        return (statuses, variables, failed ? RunStatus.Failed : RunStatus.Succeeded);

        void Fail(SpecStep step)
        {
            statuses.Add(StepStatus.Failed);
            failed |= !step.ContinueOnError;
        }

        // Every item fails or none does (fail steps exit non-zero whatever the item); continue_on_error makes them null.
        void RunForeach(SpecStep step, SpecForeach each, Dictionary<string, string> env)
        {
            if (Items(each, variables) is not { } items || (step.Kind == "fail" && items.Count > 0 && !step.ContinueOnError))
            {
                Fail(step);
                return;
            }

            var entries = items.Select((item, index) => step.Kind == "fail" ? null : Render(step.Parts, WithItem(variables, item, index), env)).ToList();
            statuses.Add(StepStatus.Succeeded);
            if (step.Output is { } output)
            {
                variables[output] = JsonSerializer.Serialize(entries, Json);
            }
        }
    }

    /// <summary>The items, or null when a JSON source is not an array (the step fails).</summary>
    private static List<string>? Items(SpecForeach each, Dictionary<string, string> variables)
    {
        var text = each.Variable is { } name ? variables.GetValueOrDefault(name, "") : "";
        switch (each.Kind)
        {
            case SpecForeachKind.List:
                return [.. each.Items];
            case SpecForeachKind.Lines:
                return [.. text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Trim().Length > 0)];
            default:
                try
                {
                    using var document = JsonDocument.Parse(text);
                    return document.RootElement.ValueKind != JsonValueKind.Array
                        ? null
                        : [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
                }
                catch (JsonException)
                {
                    return null;
                }
        }
    }

    private static Dictionary<string, string> WithItem(Dictionary<string, string> variables, string item, int index) =>
        new(variables, StringComparer.Ordinal) { ["item"] = item, ["index"] = index.ToString(CultureInfo.InvariantCulture) };

    /// <summary>printf '%s' WORD: the word's parts concatenated, as the shell builds it.</summary>
    private static string Render(IReadOnlyList<SpecPart> parts, Dictionary<string, string> variables, Dictionary<string, string> env) =>
        string.Concat(parts.Select(part => part switch
        {
            LiteralPart literal => literal.Text,
            VariablePart { Quoting: 0 } v => variables.GetValueOrDefault(v.Name, ""),
            VariablePart { Quoting: 1 } v => "x" + variables.GetValueOrDefault(v.Name, ""),
            VariablePart v => "y" + variables.GetValueOrDefault(v.Name, ""),
            EnvPart e => env.GetValueOrDefault(e.Name, ""),
            _ => "",
        })).TrimEnd('\n');

    /// <summary>An env value: a template, so a variable is its value alone (no shell quoting around it).</summary>
    private static string Template(IReadOnlyList<SpecPart> parts, Dictionary<string, string> variables) =>
        string.Concat(parts.Select(part => part switch
        {
            LiteralPart literal => literal.Text,
            VariablePart v => variables.GetValueOrDefault(v.Name, ""),
            _ => "",
        }));

    private static bool UsesStatus(SpecExpr expression) => expression switch
    {
        CallExpr { Name: "success" or "failure" or "always" or "cancelled" } => true,
        CallExpr call => call.Arguments.Any(UsesStatus),
        NotExpr not => UsesStatus(not.Operand),
        BinExpr binary => UsesStatus(binary.Left) || UsesStatus(binary.Right),
        _ => false,
    };

    private static bool Bool(SpecExpr expression, Dictionary<string, string> variables, Spec spec, bool failed)
    {
        switch (expression)
        {
            case BinExpr { Op: "&&" } and:
                return Bool(and.Left, variables, spec, failed) && Bool(and.Right, variables, spec, failed);
            case BinExpr { Op: "||" } or:
                return Bool(or.Left, variables, spec, failed) || Bool(or.Right, variables, spec, failed);
            case BinExpr { Op: "==" or "!=" } equality:
                var left = Value(equality.Left, variables, spec, failed);
                var right = Value(equality.Right, variables, spec, failed);
                bool equal;
                if ((IsNumberTyped(equality.Left, spec) || IsNumberTyped(equality.Right, spec)) && NumberOrBlank(left) is { } l && NumberOrBlank(right) is { } r)
                {
                    equal = l == r;
                }
                else
                {
                    equal = left.Trim().ToUpperInvariant() == right.Trim().ToUpperInvariant();
                }

                return equality.Op == "==" ? equal : !equal;
            case BinExpr ordering:
                var a = Number(Value(ordering.Left, variables, spec, failed)) ?? throw new FormatException();
                var b = Number(Value(ordering.Right, variables, spec, failed)) ?? throw new FormatException();
                return ordering.Op switch
                {
                    "<" => a < b,
                    "<=" => a <= b,
                    ">" => a > b,
                    _ => a >= b,
                };
            case NotExpr not:
                return !Bool(not.Operand, variables, spec, failed);
            case CallExpr { Name: "always" }:
                return true;
            case CallExpr { Name: "cancelled" }:
                return false; // These runs are never cancelled.
            case CallExpr { Name: "success" }:
                return !failed;
            case CallExpr { Name: "failure" }:
                return failed;
            case CallExpr call:
                var text = Value(call.Arguments[0], variables, spec, failed).ToUpperInvariant();
                var part = Value(call.Arguments[1], variables, spec, failed).ToUpperInvariant();
                return call.Name switch
                {
                    "contains" => text.Contains(part, StringComparison.Ordinal),
                    "startsWith" => text.StartsWith(part, StringComparison.Ordinal),
                    _ => text.EndsWith(part, StringComparison.Ordinal),
                };
            default:
                var value = Value(expression, variables, spec, failed).Trim();
                return value.Length > 0 && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && Number(value) is not 0;
        }
    }

    private static string Value(SpecExpr expression, Dictionary<string, string> variables, Spec spec, bool failed) => expression switch
    {
        LitExpr literal => literal.Text,
        VarExpr variable => variables.GetValueOrDefault(variable.Name, ""),
        _ => Bool(expression, variables, spec, failed) ? "true" : "false",
    };

    private static bool IsNumberTyped(SpecExpr expression, Spec spec) => expression switch
    {
        LitExpr { Type: SpecType.Number } => true,
        VarExpr variable => spec.Inputs.Any(i => i.Name == variable.Name && i.Type == SpecType.Number),
        _ => false,
    };

    private static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;

    private static double? NumberOrBlank(string text) => string.IsNullOrWhiteSpace(text) ? 0 : Number(text);
}
