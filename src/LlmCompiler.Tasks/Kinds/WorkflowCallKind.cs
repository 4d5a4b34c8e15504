using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// <c>type: workflow</c>: another workflow of the project, run as this step. Its <c>workflow</c> field names the
/// callee (checked by the binder through <see cref="CallTarget"/>), and its output is an object of the callee's
/// <c>outputs</c>.
/// </summary>
internal sealed class WorkflowCallKind : StepKind
{
    public WorkflowCallKind()
        : base("workflow", "Another workflow of the project, run as this step.", StepTypes.Workflow)
    {
    }

    public override FieldDescriptor CallTarget => StepFields.Workflow;

    public override string RuntimeType => "WorkflowCallStep";

    public override MermaidShape Shape => MermaidShape.Subroutine;

    public override VariableType OutputType(StepSyntax step, IReadOnlyDictionary<string, WorkflowSyntax> workflows) =>
        step.Fields.Get<ScalarSyntax>(CallTarget) is { } callee && workflows.TryGetValue(callee.Value, out var called)
            ? OutputTypes.Outputs(called)
            : base.OutputType(step, workflows);

    public override StepConstruction Construct(BoundStep step, Func<string, string> classOf) =>
        new($"{classOf(step.Fields.Get<string>(CallTarget)!)}.Definition");
}
