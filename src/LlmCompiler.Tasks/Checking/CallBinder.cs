using LlmCompiler.Shared;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a workflow step (<c>type: workflow</c>): the workflow it names, and its <c>with</c> against that workflow's
/// <c>inputs</c> — unknown names, missing required inputs, and values that cannot have the input's type (LLMC2027).
/// </summary>
internal static class CallBinder
{
    /// <summary>Returns the called workflow, or null after reporting an unknown name or a call of the workflow itself.</summary>
    public static WorkflowSyntax? Callee(ScalarSyntax name, string caller, IReadOnlyDictionary<string, WorkflowSyntax> workflows, DiagnosticBag diagnostics)
    {
        if (workflows.TryGetValue(name.Value, out var callee))
        {
            return callee;
        }

        diagnostics.Add(DiagnosticDescriptors.UnknownWorkflow, name.Span,
            $"'workflow: {name.Value}' names no workflow of this project.{Suggestions.DidYouMean(name.Value, workflows.Keys.Where(k => k != caller))} Workflows: {string.Join(", ", workflows.Keys.Order(StringComparer.Ordinal))}.");
        return null;
    }

    /// <summary>Binds each <c>with</c> entry's template and checks it against the callee's inputs.</summary>
    public static List<BoundArgument> With(IReadOnlyList<ArgumentSyntax> with, WorkflowSyntax? callee, VariableScope scope, Func<string, OperandType> typeOf, DiagnosticBag diagnostics)
    {
        var bound = new List<BoundArgument>();
        foreach (var argument in with)
        {
            var value = TemplateBinder.Bind(argument.Value, scope, diagnostics);
            if (callee is null)
            {
                continue;
            }

            var inputs = callee.Inputs.Select(i => i.Name.Value).ToList();
            if (callee.Inputs.FirstOrDefault(i => i.Name.Value == argument.Name.Value) is not { } input)
            {
                var known = inputs.Count == 0 ? "It declares no inputs." : $"Its inputs: {string.Join(", ", inputs)}.";
                diagnostics.Add(DiagnosticDescriptors.CallArguments, argument.Name.Span,
                    $"Workflow '{callee.Name?.Value}' has no input '{argument.Name.Value}'.{Suggestions.DidYouMean(argument.Name.Value, inputs)} {known}");
                continue;
            }

            var type = InputType(input);
            if (Mismatch(value, type, typeOf) is { } found)
            {
                diagnostics.Add(DiagnosticDescriptors.CallArguments, argument.ValueSpan,
                    $"Input '{argument.Name.Value}' of workflow '{callee.Name?.Value}' is {(type == OperandType.Number ? "a number" : "a boolean")}, but the value given is {found}.");
                continue;
            }

            bound.Add(new BoundArgument(argument.Name.Value, value));
        }

        return bound;
    }

    /// <summary>Reports the callee's required inputs (without a default) that <c>with</c> does not give.</summary>
    public static void ReportMissing(WorkflowSyntax callee, IReadOnlyList<ArgumentSyntax> with, SourceSpan at, DiagnosticBag diagnostics)
    {
        foreach (var input in callee.Inputs)
        {
            var required = input.Fields.Get<Located<bool>>(InputFields.Required)?.Value ?? false;
            if (required && !input.Fields.Has(InputFields.Default) && with.All(a => a.Name.Value != input.Name.Value))
            {
                diagnostics.Add(DiagnosticDescriptors.CallArguments, at,
                    $"Workflow '{callee.Name?.Value}' requires the input '{input.Name.Value}'. Add it to 'with': {{ {input.Name.Value}: \"…\" }}.");
            }
        }
    }

    private static OperandType InputType(InputSyntax input) => input.Fields.Get<ScalarSyntax>(InputFields.Type)?.Value switch
    {
        "number" => OperandType.Number,
        "boolean" => OperandType.Boolean,
        _ => OperandType.String,
    };

    /// <summary>What makes the value unfit for a number or boolean input: literal text that is not one, or a variable of another type.</summary>
    private static string? Mismatch(Template value, OperandType type, Func<string, OperandType> typeOf)
    {
        if (type == OperandType.String)
        {
            return null;
        }

        if (value.IsConstant)
        {
            var text = string.Concat(value.Parts.Cast<TextPart>().Select(p => p.Text));
            var fits = type == OperandType.Number ? ConditionSemantics.IsNumber(text) : text.Trim().ToLowerInvariant() is "true" or "false";
            return fits ? null : $"'{text}'";
        }

        if (value.Parts is [VariablePart { Path.Count: 0 } variable] && typeOf(variable.Root) is var known && known != OperandType.Dynamic && known != type)
        {
            return $"'{variable.Name}', {(known == OperandType.Number ? "a number" : known == OperandType.Boolean ? "a boolean" : "a string")}";
        }

        return null;
    }
}
