using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Models;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Emit;

/// <summary>C# for one step: the runtime step its kind constructs, and the properties its fields set.</summary>
internal static class StepEmitter
{
    /// <summary>
    /// A step's constructor and properties: every <see cref="StepFields"/> row with a runtime property that the step
    /// has a value for, in table order, written by the value's kind.
    /// </summary>
    /// <param name="step">The checked step.</param>
    /// <param name="workflowEnv">The workflow's <c>env</c>, merged into a shell step's.</param>
    /// <param name="classOf">The generated class of a workflow, by name (a call's target).</param>
    public static StepModel Step(BoundStep step, IReadOnlyList<BoundEnv> workflowEnv, Func<string, string> classOf)
    {
        var construction = step.Kind.Construct(step, classOf);
        var properties = new List<PropertyModel>();
        foreach (var field in StepFields.All.Where(f => f.AppliesTo(step.Kind.Flag)))
        {
            if (field.Kind == ValueKind.Env)
            {
                AddEnvironment(properties, field, step, construction.Environment, workflowEnv);
            }
            else if (step.Fields[field] is { } value)
            {
                AddProperty(properties, field, value);
            }
        }

        if (step.ConditionPerItem && step.Foreach is not null)
        {
            properties.Add(new PropertyModel("ConditionPerItem", "true"));
        }

        properties.AddRange(construction.Properties);
        return new StepModel(step.Kind.RuntimeType, $"{CSharpLiteral.String(step.Name)}, {construction.Arguments}", properties);
    }

    private static void AddProperty(List<PropertyModel> properties, FieldDescriptor field, object value)
    {
        if (value is BoundFields nested)
        {
            // retry: its own rows (MaxAttempts, RetryBackoff).
            foreach (var inner in LanguageTable.Retry)
            {
                if (nested[inner] is { } innerValue)
                {
                    AddProperty(properties, inner, innerValue);
                }
            }

            return;
        }

        if (field.Property is null || (field.Default is { } fallback && string.Equals(fallback, Text(value), StringComparison.Ordinal)))
        {
            return;
        }

        if (value is BoundCondition condition)
        {
            properties.Add(new PropertyModel(field.Property, ExpressionEmitter.ConditionLambda(condition)));
            if (condition.ChecksStatus && field == StepFields.If)
            {
                properties.Add(new PropertyModel("ChecksStatus", "true"));
            }

            return;
        }

        if (value is IReadOnlyList<string> { Count: 0 } or IReadOnlyList<BoundArgument> { Count: 0 })
        {
            return;
        }

        properties.Add(new PropertyModel(field.Property, (field.Kind, value) switch
        {
            (_, Template template) => ExpressionEmitter.TemplateLambda(template),
            (_, BoundForeach source) => Foreach(source),
            (_, SchemaSyntax schema) => CSharpLiteral.RawLine(SchemaJson.Write(schema)),
            (_, IReadOnlyList<BoundArgument> arguments) => Pairs(arguments.Select(a => $"new({CSharpLiteral.String(a.Name)}, {ExpressionEmitter.TemplateValue(a.Value)})")),
            (_, IReadOnlyList<string> list) => $"new string[] {{ {string.Join(", ", list.Select(CSharpLiteral.String))} }}",
            (_, string text) => CSharpLiteral.String(text),
            (_, bool flag) => flag ? "true" : "false",
            (ValueKind.WholeSeconds, int seconds) => $"global::System.TimeSpan.FromSeconds({CSharpLiteral.Number(seconds)})",
            (ValueKind.Seconds, double seconds) => $"global::System.TimeSpan.FromSeconds({CSharpLiteral.Double(seconds)})",
            (_, int number) => CSharpLiteral.Number(number),
            (_, long number) => CSharpLiteral.Number(number),
            (_, double number) => CSharpLiteral.Float(number),
            _ => throw new InvalidOperationException($"'{field.Name}' holds {value.GetType().Name}."),
        }));
    }

    /// <summary>The construction's entries first (a shell command's template values), then env: workflow entries the step does not override, then the step's own.</summary>
    private static void AddEnvironment(List<PropertyModel> properties, FieldDescriptor field, BoundStep step, IReadOnlyList<string> first, IReadOnlyList<BoundEnv> workflowEnv)
    {
        var pairs = first
            .Concat(workflowEnv.Where(w => step.Env.All(e => e.Name != w.Name)).Concat(step.Env)
                .Select(e => $"new({CSharpLiteral.String(e.Name)}, {ExpressionEmitter.TemplateValue(e.Value)})"))
            .ToList();
        if (pairs.Count > 0)
        {
            properties.Add(new PropertyModel(field.Property!, Pairs(pairs)));
        }
    }

    /// <summary>A lambda that gives name/value pairs (environment variables, a call's inputs) from the variables.</summary>
    private static string Pairs(IEnumerable<string> pairs) =>
        $"static v => new global::System.Collections.Generic.KeyValuePair<string, string>[] {{ {string.Join(", ", pairs)} }}";

    /// <summary>The runtime's <c>ForeachSource</c> for a checked source; reading the items is the runtime's job.</summary>
    private static string Foreach(BoundForeach source)
    {
        const string Source = "global::LlmCompiler.Runtime.ForeachSource";
        return source.Kind switch
        {
            ForeachKind.FromJson => $"{Source}.FromJson({Reference(source)})",
            ForeachKind.Lines => $"{Source}.Lines({Reference(source)})",
            ForeachKind.Variable => $"{Source}.Array({Reference(source)})",
            _ => $"{Source}.List({string.Join(", ", source.Items.Select(CSharpLiteral.String))})",
        };
    }

    /// <summary>The source's variable, then the fields inside its JSON value, if any.</summary>
    private static string Reference(BoundForeach source) => string.Join(", ", source.Path.Prepend(source.Variable!).Select(CSharpLiteral.String));

    private static string? Text(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        _ => null,
    };
}
