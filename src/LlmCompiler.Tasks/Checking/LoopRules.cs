using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// The rules of a looping step's fields as written: <c>until</c> needs <c>max_iterations</c> (a loop must end), cannot
/// share a step with <c>foreach</c>, and the loop's settings mean nothing without it. What the loop reads
/// (<c>loop.*</c>, the step's own output in <c>until</c>) is the <see cref="VariableScope"/>'s.
/// </summary>
internal static class LoopRules
{
    private static readonly FieldDescriptor[] Settings = [StepFields.MaxIterations, StepFields.OnLimit, StepFields.LoopTimeout];

    public static void Report(StepSyntax syntax, DiagnosticBag diagnostics)
    {
        var keys = syntax.Fields.Keys;
        if (!keys.TryGetValue(StepFields.Until.Name, out var until))
        {
            foreach (var field in Settings)
            {
                if (keys.TryGetValue(field.Name, out var key))
                {
                    diagnostics.Add(DiagnosticDescriptors.LoopSettingWithoutUntil, key, $"'{field.Name}' has no effect without 'until'.");
                }
            }

            return;
        }

        if (!keys.ContainsKey(StepFields.MaxIterations.Name))
        {
            diagnostics.Add(DiagnosticDescriptors.UntilWithoutMaxIterations, until,
                "'until' needs 'max_iterations', so the loop ends even when the condition never holds. Add, for example, 'max_iterations: 5'.");
        }

        if (keys.ContainsKey(StepFields.Foreach.Name))
        {
            diagnostics.Add(DiagnosticDescriptors.UntilWithForeach, until,
                "'until' and 'foreach' cannot be on the same step. Loop inside the called workflow instead: move the step into a workflow whose step has 'until', and call that workflow with 'foreach'.");
        }
    }
}
