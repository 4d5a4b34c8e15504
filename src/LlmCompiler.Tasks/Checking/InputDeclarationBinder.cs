using LlmCompiler.Shared;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Binds the inputs a workflow declares (its <c>inputs</c>): names, types (<see cref="InputFields.Type"/>'s choices) and
/// defaults that fit them, and makes each readable by the steps. Values given to a run are the runtime's
/// <c>Scheduling/InputBinder</c>'s job.
/// </summary>
internal static class InputDeclarationBinder
{
    public static List<BoundInput> Bind(IReadOnlyList<InputSyntax> inputs, StepBinder steps, DiagnosticBag diagnostics)
    {
        var bound = new List<BoundInput>();
        foreach (var input in inputs)
        {
            var name = input.Name.Value;
            if (!Names.Check(input.Name, "input", diagnostics))
            {
                continue;
            }

            var type = OperandType.String;
            if (input.Fields.Get<ScalarSyntax>(InputFields.Type) is { } typeText
                && FieldRules.Choice(InputFields.Type, typeText, "an input type", "Types", DiagnosticDescriptors.InvalidValue, diagnostics) is { } choice)
            {
                type = choice switch
                {
                    "number" => OperandType.Number,
                    "boolean" => OperandType.Boolean,
                    _ => OperandType.String,
                };
            }

            var given = input.Fields.Get<ScalarSyntax>(InputFields.Default);
            var defaultValue = given?.Value;
            if (given is not null && !FitsType(given.Value, type))
            {
                diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, given.Span,
                    $"The default of input '{name}' must be {(type == OperandType.Number ? "a number" : "true or false")}, not '{given.Value}'.");
                defaultValue = null;
            }

            if (type == OperandType.Boolean && defaultValue is not null)
            {
                defaultValue = defaultValue.Trim().ToLowerInvariant();
            }

            steps.DeclareInput(name, type, input.Name.Span);
            bound.Add(new BoundInput(
                name,
                type,
                defaultValue,
                input.Fields.Get<Located<bool>>(InputFields.Required)?.Value ?? false,
                input.Fields.Get<ScalarSyntax>(InputFields.Description)?.Value));
        }

        return bound;
    }

    private static bool FitsType(string value, OperandType type) => type switch
    {
        OperandType.Number => ConditionSemantics.IsNumber(value),
        OperandType.Boolean => value.Trim().ToLowerInvariant() is "true" or "false",
        _ => true,
    };
}
