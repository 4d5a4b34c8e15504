namespace LlmCompiler.Runtime.Execution;

/// <summary>One workflow's variables and failure state. Steps of a workflow run one at a time and a foreach step's items only read, so no locking is needed.</summary>
internal sealed class WorkflowVariables : IWorkflowState
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string this[string name] => _values.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Gets or sets whether a step of the workflow has failed; <c>success()</c> and <c>failure()</c> read it.</summary>
    public bool HasFailed { get; set; }

    /// <summary>Gets or sets whether the run was cancelled; <c>cancelled()</c> and <c>success()</c> read it.</summary>
    public bool IsCancelled { get; set; }

    public bool TryGetValue(string name, out string value) =>
        _values.TryGetValue(name, out value!);

    public void Set(string name, string value) => _values[name] = value;

    public IReadOnlyDictionary<string, string> Snapshot() =>
        new SortedDictionary<string, string>(_values, StringComparer.Ordinal);
}
