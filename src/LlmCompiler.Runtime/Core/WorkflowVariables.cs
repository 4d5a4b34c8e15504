using System.ComponentModel;

namespace LlmCompiler.Runtime.Core;

/// <summary>One workflow's variables and failure state. Steps of a workflow run one at a time and a foreach step's items only read, so no locking is needed.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkflowVariables : IWorkflowState
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string this[string name] => _values.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Gets or sets whether a step of the workflow has failed; <c>success()</c> and <c>failure()</c> read it.</summary>
    public bool HasFailed { get; set; }

    /// <summary>Gets or sets whether the run was cancelled; <c>cancelled()</c> and <c>success()</c> read it.</summary>
    public bool IsCancelled { get; set; }

    /// <inheritdoc/>
    public bool TryGetValue(string name, out string value) =>
        _values.TryGetValue(name, out value!);

    /// <summary>Sets variable <paramref name="name"/>.</summary>
    public void Set(string name, string value) => _values[name] = value;

    /// <summary>A copy of the variables, as an activity receives them.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        new SortedDictionary<string, string>(_values, StringComparer.Ordinal);
}
