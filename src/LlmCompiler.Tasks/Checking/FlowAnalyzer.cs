using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Data-flow checks over checked workflows: steps that can never run, variables that may be unset where they are
/// read, and outputs nobody reads. None of these stops a build; they point at mistakes the run would hide.
/// </summary>
internal static class FlowAnalyzer
{
    public static void Report(IReadOnlyList<BoundWorkflow> workflows, DiagnosticBag diagnostics)
    {
        ReportUnreachable(workflows, diagnostics);
        foreach (var workflow in workflows)
        {
            ReportVariables(workflow, diagnostics);
        }
    }

    /// <summary>
    /// A step whose <c>if</c> is always false never runs; a step that waits for such a step fails at once, so its own
    /// work never runs either (followed across workflows until nothing changes).
    /// </summary>
    private static void ReportUnreachable(IReadOnlyList<BoundWorkflow> workflows, DiagnosticBag diagnostics)
    {
        var never = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in workflows)
        {
            foreach (var step in workflow.Steps)
            {
                if (step.Condition is { } condition && ConditionConstant.Evaluate(condition) == false)
                {
                    never.Add(workflow.Name + "." + step.Name);
                    diagnostics.Add(DiagnosticDescriptors.UnreachableStep, step.ConditionSpan,
                        $"The 'if' of step '{step.Name}' is always false, so the step never runs. Fix the condition or remove the step.");
                }
            }
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var workflow in workflows)
            {
                foreach (var step in workflow.Steps)
                {
                    var key = workflow.Name + "." + step.Name;
                    if (step.WaitFor is { } target && never.Contains(target) && never.Add(key))
                    {
                        changed = true;
                        diagnostics.Add(DiagnosticDescriptors.UnreachableStep, step.WaitForSpan,
                            $"Step '{step.Name}' waits for '{target}', which never runs, so the wait always fails and this step never runs.");
                    }
                }
            }
        }
    }

    private static void ReportVariables(BoundWorkflow workflow, DiagnosticBag diagnostics)
    {
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            if (workflow.Steps[i].Output is { } output)
            {
                producers.TryAdd(output, i);
            }
        }

        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var reader = workflow.Steps[i];
            if (reader.Condition is not null)
            {
                continue;
            }

            // A foreach step with continue_on_error or a per-item if always sets its output (failed or skipped items are null).
            foreach (var read in reader.Reads.DistinctBy(r => r.Name))
            {
                if (producers.TryGetValue(read.Name, out var p) && p < i && workflow.Steps[p] is { } producer
                    && ((producer.Condition is not null && !producer.ConditionPerItem) || (producer.ContinueOnError && producer.Foreach is null)))
                {
                    var why = producer.Condition is not null
                        ? "which has an 'if'; when it is skipped"
                        : "which has continue_on_error; when it fails";
                    diagnostics.Add(DiagnosticDescriptors.ConditionallySet, read.Span,
                        $"'{read.Name}' is set only by step '{producer.Name}', {why}, '{read.Name}' is empty here. Give step '{reader.Name}' an 'if' that checks it, or set it unconditionally.");
                }
            }
        }

        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var step = workflow.Steps[i];
            if (step.Output is { } output && !workflow.Steps.Skip(i + 1).Any(s => s.Reads.Any(r => r.Name == output)) && workflow.OutputReads.All(r => r.Name != output))
            {
                diagnostics.Add(DiagnosticDescriptors.OutputNeverRead, step.OutputSpan,
                    $"No later step reads '{output}', the output of step '{step.Name}'. It is still recorded in the run file; remove 'output' if nothing needs it.");
            }
        }
    }
}
