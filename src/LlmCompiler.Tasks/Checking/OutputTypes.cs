using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// What a step's output holds, read from the step as written, so a step of this workflow and a step another
/// workflow waits for are typed alike: what its kind says (<see cref="StepKind.OutputType"/>: an object of the called
/// workflow's outputs for a call, else <see cref="Declared"/>), and an array of that for a foreach step.
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

    /// <summary>The type the step's own fields declare: its <c>schema</c>'s, or text.</summary>
    public static VariableType Declared(StepSyntax step) =>
        step.Fields.Get<SchemaSyntax>(StepFields.Schema) is { } schema ? SchemaTypes.Of(schema) : VariableType.Text;

    /// <summary>One result of the step; a step without a known type (reported by the binder) declares its own.</summary>
    private static VariableType Single(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows) =>
        StepKinds.Find(step.Type?.Value) is { } kind ? kind.OutputType(step, workflows) : Declared(step);
}
