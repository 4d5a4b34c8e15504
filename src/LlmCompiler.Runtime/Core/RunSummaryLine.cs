namespace LlmCompiler.Runtime.Core;

/// <summary>
/// The last console line of a run, for both engines: how many workflows failed, were cancelled and succeeded, each
/// counted apart, and which failures <c>continue_on_error</c> let pass, so a run never looks cleaner than it was.
/// </summary>
internal static class RunSummaryLine
{
    /// <summary>For example <c>4 of 5 workflows failed (a, b, c, d), 1 succeeded, in 425 ms</c>.</summary>
    public static string Line(RunResult result)
    {
        var groups = Groups(result);
        var total = result.Workflows.Count;
        var duration = DurationText.Format(result.Duration);
        string counts;
        if (groups.Count == 0 || groups[0].Status != result.Status)
        {
            // The run itself broke off (RunResult.Error) while no workflow ended that way: the status is the run's own.
            counts = $"the run {Word(result.Status)} in {duration}" +
                (groups.Count > 0 ? $"; {string.Join(", ", groups.Select(g => g.Describe(Workflows(g.Count))))}" : string.Empty);
        }
        else if (groups.Count == 1)
        {
            counts = $"{groups[0].Describe(Workflows(total))} in {duration}";
        }
        else
        {
            var rest = groups.Skip(1).Select(g => g.Describe(g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            counts = $"{groups[0].Describe($"{groups[0].Count} of {Workflows(total)}")}, {string.Join(", ", rest)}, in {duration}";
        }

        var allowed = AllowedFailures(result);
        return allowed.Count == 0 ? counts : $"{counts}, with failures allowed by continue_on_error in: {string.Join(", ", allowed)}";
    }

    /// <summary>
    /// Each step that failed, or whose items failed, while its workflow went on (<c>continue_on_error</c>), called
    /// workflows' steps included: <c>each (3 of 300 items)</c>, <c>build</c>. A step is named with its workflow
    /// (<c>main/build</c>) when the run has several workflows or the step ran in a called one.
    /// </summary>
    public static IReadOnlyList<string> AllowedFailures(RunResult result)
    {
        var names = new List<string>();
        var qualify = result.Workflows.Count > 1;
        foreach (var workflow in result.Workflows)
        {
            Collect(workflow, qualify, names);
        }

        return names;
    }

    private static void Collect(WorkflowResult workflow, bool qualify, List<string> names)
    {
        foreach (var step in workflow.Steps)
        {
            var items = FailedItems.Text(step);
            if ((step.Status == StepStatus.Failed && step.ContinuedOnError) || (step.Status == StepStatus.Succeeded && items is not null))
            {
                var name = qualify ? $"{workflow.Name}/{step.Name}" : step.Name;
                names.Add(items is null ? name : $"{name} ({items})");
            }

            if (step.Call is { } call)
            {
                Collect(call, qualify: true, names);
            }
        }
    }

    /// <summary>The workflows by outcome: the run's own outcome first (it leads the line), then failed, cancelled, succeeded.</summary>
    private static List<Group> Groups(RunResult result)
    {
        RunStatus[] order = [result.Status, .. new[] { RunStatus.Failed, RunStatus.Cancelled, RunStatus.Waiting, RunStatus.Succeeded }.Where(s => s != result.Status)];
        return order
            .Select(status => new Group(status, result.Workflows.Where(w => w.Status == status).Select(w => w.Name).ToList()))
            .Where(g => g.Count > 0)
            .ToList();
    }

    private static string Workflows(int count) => count == 1 ? "1 workflow" : $"{count} workflows";

    private static string Word(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Cancelled => "cancelled",
        RunStatus.Waiting => "waiting for answers",
        _ => "failed",
    };

    /// <summary>The workflows that ended one way; those that did not succeed are named, as they are the ones to look at.</summary>
    private sealed record Group(RunStatus Status, IReadOnlyList<string> Names)
    {
        public int Count => Names.Count;

        public string Describe(string subject) =>
            $"{subject} {Word(Status)}" + (Status == RunStatus.Succeeded ? string.Empty : $" ({string.Join(", ", Names)})");
    }
}
