using System.ComponentModel;
using System.Globalization;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What one item of a foreach step reads: <c>item</c> and <c>index</c> over the workflow's state. Items of a step
/// run at once, so each has its own overlay; the workflow's variables are not written while they run.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ItemVariables : IWorkflowState
{
    private readonly IWorkflowState _workflow;
    private readonly string _item;
    private readonly string _index;

    /// <summary>Creates the view of item <paramref name="item"/> at <paramref name="index"/> over <paramref name="workflow"/>'s state.</summary>
    public ItemVariables(IWorkflowState workflow, string item, int index)
    {
        _workflow = workflow;
        _item = item;
        Index = index;
        _index = index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Gets the item's 0-based position in the step's items.</summary>
    public int Index { get; }

    /// <summary>Gets the item's value.</summary>
    public string Value => _item;

    /// <inheritdoc/>
    public bool HasFailed => _workflow.HasFailed;

    /// <inheritdoc/>
    public string this[string name] => TryGetValue(name, out var value) ? value : string.Empty;

    /// <inheritdoc/>
    public bool TryGetValue(string name, out string value)
    {
        switch (name)
        {
            case "item":
                value = _item;
                return true;
            case "index":
                value = _index;
                return true;
            default:
                return _workflow.TryGetValue(name, out value);
        }
    }
}
