namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What a resumed run takes from the earlier one: the recorded workflow of each workflow (its definition checked
/// first), its inputs, and which steps and foreach items succeeded and are restored instead of run.
/// </summary>
internal static class RunResume
{
    /// <summary>Returns each workflow's recorded run, in workflow order; <see langword="null"/> entries when nothing is resumed.</summary>
    /// <exception cref="ResumeRefusedException">A workflow is missing from the record, or its definition changed since.</exception>
    public static IReadOnlyList<WorkflowResult?> Match(IReadOnlyList<Workflow> workflows, RunResult? previous)
    {
        if (previous is null)
        {
            return new WorkflowResult?[workflows.Count];
        }

        var recorded = previous.Workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
        var extra = previous.Workflows.FirstOrDefault(r => !workflows.Any(w => w.Name == r.Name));
        if (extra is not null)
        {
            throw new ResumeRefusedException(extra.Name, $"the run file has workflow '{extra.Name}', which this program does not: it was written by another program or definition");
        }

        return workflows.Select(workflow =>
        {
            if (!recorded.TryGetValue(workflow.Name, out var record))
            {
                throw new ResumeRefusedException(workflow.Name, $"workflow '{workflow.Name}' is not in the run file: it was written by another program or definition");
            }

            if (DefinitionHashes.Of(workflow) is { } hash && record.DefinitionHash is { } was && hash != was)
            {
                throw new ResumeRefusedException(workflow.Name, Changed(workflow, record, was, hash));
            }

            // Without hashes (workflows built by hand) the steps' names and types must still line up.
            var sameSteps = record.Steps.Count == workflow.Steps.Count
                && record.Steps.Zip(workflow.Steps).All(p => p.First.Name == p.Second.Name && p.First.Kind == p.Second.Kind);
            return sameSteps
                ? record
                : throw new ResumeRefusedException(workflow.Name, $"workflow '{workflow.Name}' has other steps than the run file records: run it afresh");
        }).ToList();
    }

    /// <summary>Why a workflow is refused: naming the called workflow that changed when the record shows which, since the caller's own steps may be as they were.</summary>
    private static string Changed(Workflow workflow, WorkflowResult record, string was, string hash)
    {
        if (ChangedCallee(workflow, record) is { } callee)
        {
            return $"workflow '{workflow.Name}' calls workflow '{callee}', which changed since the run file was written; the call's recorded outputs may not fit: run it afresh";
        }

        var callees = Closure(workflow).Skip(1).Select(w => $"'{w.Name}'").ToList();
        var also = callees.Count == 0 ? string.Empty : $" (or a workflow it calls: {string.Join(", ", callees)})";
        return $"workflow '{workflow.Name}'{also} changed since the run file was written (definition {was}, now {hash}); its recorded outputs may not fit: run it afresh";
    }

    /// <summary>The deepest called workflow whose recorded run (under a step, item or iteration of <paramref name="record"/>) has another definition than now.</summary>
    private static string? ChangedCallee(Workflow workflow, WorkflowResult record)
    {
        var callees = DefinitionHashes.Callees(workflow).ToDictionary(w => w.Name, StringComparer.Ordinal);
        var calls = record.Steps.SelectMany(s => (s.Items ?? []).Concat(s.Iterations ?? []).Select(i => i.Call).Prepend(s.Call)).OfType<WorkflowResult>();
        foreach (var call in calls)
        {
            if (callees.TryGetValue(call.Name, out var callee) && call.DefinitionHash is { } was && was != DefinitionHashes.Of(callee))
            {
                return ChangedCallee(callee, call) ?? callee.Name;
            }
        }

        return null;
    }

    /// <summary><paramref name="workflow"/> and every workflow it calls, transitively, each once.</summary>
    private static IEnumerable<Workflow> Closure(Workflow workflow)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Workflow>([workflow]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next.Name))
            {
                yield return next;
                foreach (var callee in DefinitionHashes.Callees(next).Reverse())
                {
                    pending.Push(callee);
                }
            }
        }
    }

    /// <summary>Adds the recorded inputs that <paramref name="given"/> does not give again, as <c>workflow.name</c>.</summary>
    public static void AddInputs(IReadOnlyList<Workflow> workflows, IReadOnlyList<WorkflowResult?> records, IDictionary<string, string> given)
    {
        for (var i = 0; i < workflows.Count; i++)
        {
            foreach (var (name, value) in records[i]?.Inputs ?? new Dictionary<string, string>())
            {
                var known = workflows[i].Inputs.Any(input => input.Name == name);
                if (known && !given.ContainsKey(name) && !given.ContainsKey(workflows[i].Name + "." + name))
                {
                    given[workflows[i].Name + "." + name] = value;
                }
            }
        }
    }

    /// <summary>The recorded result of step <paramref name="index"/> when it succeeded, marked as restored; otherwise <see langword="null"/>.</summary>
    public static StepResult? SucceededStep(WorkflowResult? record, int index) =>
        record?.Steps[index] is { Status: StepStatus.Succeeded } step ? step with { Resumed = true } : null;

    /// <summary>The succeeded item of <paramref name="recorded"/> at <paramref name="index"/>, marked as restored, when the step had <paramref name="count"/> items then too.</summary>
    public static ItemResult? SucceededItem(IReadOnlyList<ItemResult>? recorded, int index, int count) =>
        recorded is { } items && items.Count == count && items[index] is { Status: StepStatus.Succeeded } item ? item with { Resumed = true } : null;

    /// <summary>The iterations of a looping step that succeeded in the earlier run before the first that did not, marked as restored.</summary>
    public static IEnumerable<ItemResult> SucceededIterations(IReadOnlyList<ItemResult>? recorded) =>
        (recorded ?? []).TakeWhile(i => i.Status == StepStatus.Succeeded).Select(i => i with { Resumed = true });
}
