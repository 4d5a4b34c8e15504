using System.Globalization;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// Turns random choices into a valid workflow: every variable read is set earlier, operand types fit their
/// operators, names are unique. <c>runnable</c> keeps to what this machine can run (sh and bash, no model steps).
/// </summary>
internal static class SpecBuilder
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789 _-.,:";

    /// <summary>Text safe in single quotes: anything but newlines and braces (braces would start templates).</summary>
    private const string Rich = Letters + "$`\"'\\*;&|<>()!?#%~=+@^[]";

    public static Spec Build(RawSpec raw, bool runnable, string name = "wf")
    {
        var inputs = new List<SpecInput>();
        var available = new List<(string Name, SpecType Type, bool IsInput)>();
        for (var k = 0; k < raw.Inputs.Length; k++)
        {
            var n = raw.Inputs[k];
            var type = (SpecType)(n % 3);
            var hasDefault = n / 3 % 2 == 0;
            var required = !hasDefault && n / 6 % 2 == 0;
            var given = required || n / 12 % 2 == 0 ? Value(type, n / 24) : null;
            inputs.Add(new SpecInput("in" + k, type, hasDefault ? Value(type, n / 7) : null, required, given));
            available.Add(("in" + k, type, true));
        }

        var workflowEnv = new List<SpecEnv>();
        for (var k = 0; k < raw.Env.Length; k++)
        {
            workflowEnv.Add(new SpecEnv("WE" + k, Parts(new Choices([raw.Env[k], raw.Env[k] / 5, raw.Env[k] / 25]), available, [], allowEnv: false)));
        }

        var steps = new List<SpecStep>();
        var arrays = new List<string>();
        for (var i = 0; i < raw.Steps.Length; i++)
        {
            var r = raw.Steps[i];
            var each = Foreach(r.Foreach, available, arrays);

            // Inside a foreach step its parts may also read item and index (conditions stay once per step).
            var readable = each is null ? available : [.. available, ("item", SpecType.Text, false), ("index", SpecType.Text, false)];
            var stepEnv = r.Env.Select((e, k) => new SpecEnv($"SE{i}_{k}", Parts(new Choices([e, e / 5, e / 25]), available, [], allowEnv: false))).ToList();
            var kind = r.Kind switch
            {
                6 or 7 => "fail",
                8 when !runnable => "llm",
                _ => "print",
            };
            var envNames = workflowEnv.Concat(stepEnv).Select(e => e.Name).ToList();
            var parts = r.Kind == 9
                ? [new LiteralPart(NumberText(r.Parts.Length > 0 ? r.Parts[0] : 0), DoubleQuoted: false)]
                : Parts(new Choices(r.Parts), readable, kind == "llm" ? [] : envNames, allowEnv: kind != "llm");
            var shells = runnable ? new[] { "sh", "bash" } : new[] { "sh", "bash", "pwsh" };
            var step = new SpecStep("s" + i)
            {
                Kind = kind,
                Parts = parts,
                ExitCode = 1 + (r.Kind % 3),
                Output = r.Output != 0 ? "o" + i : null,
                Condition = r.Policy % 3 == 0 ? null : Condition(new Choices(r.Condition), available, inputs, 0),
                ContinueOnError = r.Policy % 2 == 1,
                Retry = r.Policy >= 8 ? 2 : 0,
                Timeout = r.Policy == 5 ? (runnable ? 30 : 0.25 + r.Shell) : null,
                Shell = kind == "llm" ? "sh" : shells[r.Shell % shells.Length],
                Env = kind == "llm" ? [] : stepEnv,
                Foreach = each,
            };
            steps.Add(step);
            if (step.Output is { } output)
            {
                available.Add((output, SpecType.Text, false));
                if (each is not null)
                {
                    arrays.Add(output);
                }
            }
        }

        return new Spec(name, inputs, workflowEnv, steps);
    }

    /// <summary>Half the steps run once; the others over a list (maybe empty), an earlier foreach output, or the lines of a variable.</summary>
    private static SpecForeach? Foreach(int n, List<(string Name, SpecType Type, bool IsInput)> available, List<string> arrays)
    {
        if (n % 8 < 4)
        {
            return null;
        }

        var source = (n % 8) switch
        {
            4 or 5 => new SpecForeach(SpecForeachKind.List, [.. Enumerable.Range(0, n / 8 % 4).Select(k => Word(n / 3 + k, Letters))], null),
            6 when arrays.Count > 0 => new SpecForeach(n / 8 % 2 == 0 ? SpecForeachKind.Array : SpecForeachKind.FromJson, [], arrays[n / 16 % arrays.Count]),
            _ when available.Count > 0 => new SpecForeach(SpecForeachKind.Lines, [], available[n / 8 % available.Count].Name),
            _ => new SpecForeach(SpecForeachKind.List, [Word(n, Letters)], null),
        };
        return source with { MaxParallel = n / 32 % 3 == 0 ? null : n / 32 % 3, FailFast = n / 96 % 2 == 0 };
    }

    private static List<SpecPart> Parts(Choices choices, List<(string Name, SpecType Type, bool IsInput)> available, List<string> env, bool allowEnv)
    {
        var parts = new List<SpecPart>();
        for (var count = 0; choices.Remaining && count < 6; count++)
        {
            var choice = choices.Next(1000);
            switch (choice % 4)
            {
                case 2 when available.Count > 0:
                    parts.Add(new VariablePart(available[choice / 4 % available.Count].Name, choice / 16 % 3));
                    break;
                case 3 when allowEnv && env.Count > 0:
                    parts.Add(new EnvPart(env[choice / 4 % env.Count]));
                    break;
                case 1:
                    parts.Add(new LiteralPart(Word(choice / 4, Letters), DoubleQuoted: true));
                    break;
                default:
                    parts.Add(new LiteralPart(Word(choice / 4, Rich), DoubleQuoted: false));
                    break;
            }
        }

        return parts;
    }

    private static SpecExpr Condition(Choices c, List<(string Name, SpecType Type, bool IsInput)> available, List<SpecInput> inputs, int depth)
    {
        switch (c.Next(depth >= 3 ? 6 : 10))
        {
            case 0:
                return new BinExpr(c.Next(2) == 0 ? "==" : "!=", Operand(c, available, SpecType.Text), Operand(c, available, SpecType.Text));
            case 1:
                string[] ops = ["<", "<=", ">", ">=", "==", "!="];
                return new BinExpr(ops[c.Next(ops.Length)], Operand(c, available, SpecType.Number), Operand(c, available, SpecType.Number));
            case 2:
                return new BinExpr(c.Next(2) == 0 ? "==" : "!=", Operand(c, available, SpecType.Boolean), Operand(c, available, SpecType.Boolean));
            case 3:
                string[] functions = ["contains", "startsWith", "endsWith"];
                return new CallExpr(functions[c.Next(3)], [Operand(c, available, SpecType.Text), Operand(c, available, SpecType.Text)]);
            case 4:
                string[] status = ["success", "failure", "always", "cancelled"];
                return new CallExpr(status[c.Next(status.Length)], []);
            case 5:
                return Operand(c, available, (SpecType)c.Next(3));
            case 6 or 9:
                return new NotExpr(Condition(c, available, inputs, depth + 1));
            default:
                return new BinExpr(c.Next(2) == 0 ? "&&" : "||", Condition(c, available, inputs, depth + 1), Condition(c, available, inputs, depth + 1));
        }
    }

    /// <summary>A variable whose static type fits <paramref name="type"/> (outputs and string inputs fit all), or a literal.</summary>
    private static SpecExpr Operand(Choices c, List<(string Name, SpecType Type, bool IsInput)> available, SpecType type)
    {
        var fitting = available.Where(v => !v.IsInput || v.Type == type || v.Type == SpecType.Text).ToList();
        var choice = c.Next(1000);
        if (fitting.Count > 0 && choice % 3 != 0)
        {
            return new VarExpr(fitting[choice / 3 % fitting.Count].Name, Braces: choice / 7 % 2 == 0);
        }

        return type switch
        {
            SpecType.Number => new LitExpr(NumberText(choice), SpecType.Number),
            SpecType.Boolean => new LitExpr(choice % 2 == 0 ? "true" : "false", SpecType.Boolean),
            _ => new LitExpr(Word(choice, "abcxyz 0123"), SpecType.Text),
        };
    }

    private static string Value(SpecType type, int n) => type switch
    {
        SpecType.Number => NumberText(n),
        SpecType.Boolean => n % 2 == 0 ? "true" : "false",
        _ => Word(n, Letters),
    };

    private static string NumberText(int n) => (n % 4) switch
    {
        0 => (n % 7).ToString(CultureInfo.InvariantCulture),
        1 => (-(n % 5)).ToString(CultureInfo.InvariantCulture),
        2 => (n % 9 / 2.0).ToString(CultureInfo.InvariantCulture),
        _ => (n % 11).ToString(CultureInfo.InvariantCulture) + ".0",
    };

    private static string Word(int n, string alphabet)
    {
        var length = n % 5;
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            n = (n * 31) + 7;
            chars[i] = alphabet[(n & 0x7fffffff) % alphabet.Length];
        }

        return new string(chars);
    }
}
