using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// What a step's output holds, read from the step as written, so a step of this workflow and a step another
/// workflow waits for are typed alike: an object of the called workflow's outputs for a call, the schema's type for a structured output, an array of the
/// single result for a foreach step, text otherwise.
/// </summary>
internal static class OutputTypes
{
    public static VariableType Of(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows)
    {
        var single = Single(step, workflows);
        return step.Fields.Has(StepFields.Foreach) ? new ArrayType(single) : single;
    }

    /// <summary>The fields a call of the workflow returns: its <c>outputs</c>, each text.</summary>
    public static ObjectType Outputs(WorkflowSyntax workflow) =>
        new(workflow.Outputs.Select(o => new KeyValuePair<string, VariableType>(o.Name.Value, VariableType.Text)).ToList());

    private static VariableType Single(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows)
    {
        if (step.Type?.Value == "workflow" && step.Fields.Get<ScalarSyntax>(StepFields.Workflow) is { } callee && workflows.TryGetValue(callee.Value, out var called))
        {
            return Outputs(called);
        }

        if (step.Fields.Get<SchemaSyntax>(StepFields.Schema) is { } schema)
        {
            return SchemaTypes.Of(schema);
        }

        return VariableType.Text;
    }
}
