using System.Globalization;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// <c>type: input</c>: a question to a person, whose answer is the step's output. With <c>options</c> the answer is
/// one of them, typed as a closed enum (a condition comparing it with anything else is LLMC2044); with <c>schema</c>
/// it is JSON valid against it; with neither, any text. <c>timeout</c> bounds the wait, and <c>default</c> is the
/// answer taken when it passes.
/// </summary>
internal sealed class InputKind : StepKind
{
    public InputKind()
        : base("input", "A question to a person; the answer is the step's output.", StepTypes.Input)
    {
    }

    public override string Article => "an";

    public override string RuntimeType => "InputStep";

    public override MermaidShape Shape => MermaidShape.Rhombus;

    public override VariableType OutputType(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows) =>
        Options(step) is { Count: > 0 } options && !step.Fields.Has(StepFields.Schema)
            ? new ScalarType(OperandType.String) { Enum = options.Select(o => o.Value).Distinct(StringComparer.Ordinal).ToList(), IsAnswerOptions = true }
            : base.OutputType(step, workflows);

    public override void Check(BoundStep step, DiagnosticBag diagnostics)
    {
        if (step.Syntax is not { } syntax)
        {
            return;
        }

        var options = Options(syntax) ?? [];
        var schema = syntax.Fields.Get<SchemaSyntax>(StepFields.Schema);
        if (options.Count > 0 && schema is not null)
        {
            diagnostics.Add(DiagnosticDescriptors.OptionsAndSchema, syntax.Fields.Keys[StepFields.Schema.Name],
                $"Input step '{step.Name}' has both 'options' and 'schema': give 'options' for a choice, or 'schema' for a structured answer.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in options.Where(o => !seen.Add(o.Value)))
        {
            diagnostics.Add(DiagnosticDescriptors.OptionsAndSchema, option.Span, $"Option '{option.Value}' is given twice.");
        }

        if (syntax.Fields.Get<ScalarSyntax>(StepFields.Default) is not { } fallback)
        {
            return;
        }

        if (options.Count > 0 && !seen.Contains(fallback.Value))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidAnswerDefault, fallback.Span,
                $"'default' is '{fallback.Value}', which is not one of the options ({string.Join(", ", seen)}).{Suggestions.DidYouMean(fallback.Value, seen)}");
        }
        else if (schema is not null && SchemaProblem(schema, fallback.Value) is { } problem)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidAnswerDefault, fallback.Span, $"'default' is not valid for the step's schema: {problem}");
        }
    }

    public override StepConstruction Construct(BoundStep step, Func<string, string> classOf) =>
        new(ExpressionEmitter.TemplateLambda(step.Prompt!));

    private static IReadOnlyList<ScalarSyntax>? Options(StepSyntax step) => step.Fields.Get<IReadOnlyList<ScalarSyntax>>(StepFields.Options);

    /// <summary>
    /// What the build can tell of a default against a scalar schema (its type and enum); an object or array default is
    /// validated when the program starts to wait, as every answer is.
    /// </summary>
    private static string? SchemaProblem(SchemaSyntax schema, string value)
    {
        var text = value.Trim();
        var wrongType = schema.Type switch
        {
            "integer" => !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "number" => !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "boolean" => text is not ("true" or "false"),
            "object" => text is not ['{', ..],
            "array" => text is not ['[', ..],
            _ => false,
        };
        if (wrongType)
        {
            return $"'{value}' is not {(schema.Type is "integer" or "array" or "object" ? "an" : "a")} {schema.Type}.";
        }

        var plain = schema.Type == "string" ? value : text;
        return schema.Enum.Count > 0 && !schema.Enum.Contains(plain, StringComparer.Ordinal)
            ? $"'{value}' is not one of {string.Join(", ", schema.Enum)}.{Suggestions.DidYouMean(plain, schema.Enum)}"
            : null;
    }
}
