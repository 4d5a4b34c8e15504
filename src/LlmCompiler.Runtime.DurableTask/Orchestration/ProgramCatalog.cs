namespace LlmCompiler.Runtime.DurableTask.Orchestration;

/// <summary>
/// The workflows this process was built with, as the engine's orchestrations and activities look them up: by name,
/// checked against the definition hash the run was started with, so a worker of another build refuses clearly.
/// </summary>
internal sealed class ProgramCatalog
{
    private readonly Dictionary<string, Workflow> _workflows;
    private readonly Dictionary<string, List<string>> _waiters = new(StringComparer.Ordinal);
    private HashSet<string>? _awaited;

    public ProgramCatalog(IReadOnlyList<Workflow> workflows)
    {
        Workflows = workflows;
        _workflows = workflows.ToDictionary(w => w.Name, StringComparer.Ordinal);
        foreach (var workflow in workflows)
        {
            foreach (var key in workflow.Steps.Select(s => s.WaitFor).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!_waiters.TryGetValue(key, out var list))
                {
                    _waiters[key] = list = [];
                }

                list.Add(workflow.Name);
            }
        }
    }

    public IReadOnlyList<Workflow> Workflows { get; }

    /// <summary>Gets the workflows a run starts: those no step calls (a called one runs when called).</summary>
    public IReadOnlyList<Workflow> Started => Workflows.Where(w => !w.IsCalled).ToList();

    /// <summary>Gets the <c>workflow.step</c> keys some step waits for: their output is always recorded.</summary>
    public IReadOnlySet<string> Awaited => _awaited ??= _waiters.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The workflows that wait for <paramref name="key"/>; each gets an event when it finishes.</summary>
    public IReadOnlyList<string> Waiters(string key) => _waiters.TryGetValue(key, out var list) ? list : [];

    /// <summary>Whether <paramref name="workflow"/> is run by calls only (never started on its own).</summary>
    public bool IsCalled(string workflow) => _workflows.TryGetValue(workflow, out var w) && w.IsCalled;

    /// <summary>Whether <paramref name="key"/> (<c>workflow.step</c>) names a step of this program.</summary>
    public bool HasStep(string key) =>
        key.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
        && _workflows.TryGetValue(key[..dot], out var workflow)
        && workflow.Steps.Any(s => s.Name == key[(dot + 1)..]);

    public static string Definition(Workflow workflow) => workflow.DefinitionHash ?? string.Empty;

    /// <summary>The workflow named <paramref name="name"/>, when this build has the <paramref name="definition"/> the run was started with.</summary>
    /// <exception cref="InvalidOperationException">This build has no such workflow, or another definition of it.</exception>
    public Workflow Check(string name, string definition)
    {
        if (!_workflows.TryGetValue(name, out var workflow))
        {
            throw new InvalidOperationException($"this worker's program has no workflow '{name}': the run was started by another program on the same task hub");
        }

        return Definition(workflow) == definition
            ? workflow
            : throw new InvalidOperationException(
                $"workflow '{name}' changed: the run was started by a build with definition {definition}, this worker was built with {Definition(workflow)}; run workers built from the same definition (or use another task hub)");
    }
}
