using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// What a step of one workflow may read: outputs of the steps before it and the values received through
/// <c>wait_for</c> by it or an earlier step. Anything else is a build error that says why it is not available.
/// </summary>
internal sealed class VariableScope
{
    private readonly WorkflowSyntax _workflow;
    private readonly IReadOnlyDictionary<string, WorkflowSyntax> _workflows;
    private readonly HashSet<string> _available = new(StringComparer.Ordinal);
    private readonly List<VariableRead> _reads = [];
    private int _index;
    private bool _enteredStep;
    private bool _itemRead;

    public VariableScope(string workflowName, WorkflowSyntax workflow, IReadOnlyDictionary<string, WorkflowSyntax> workflows)
    {
        WorkflowName = workflowName;
        _workflow = workflow;
        _workflows = workflows;
    }

    public string WorkflowName { get; }

    /// <summary>Gets or sets whether the step being checked has <c>foreach</c>, so <c>item</c> and <c>index</c> are readable.</summary>
    public bool InForeach { get; set; }

    /// <summary>Returns whether a variable is readable here, without reporting anything.</summary>
    public bool IsAvailable(string name) => _available.Contains(name);

    /// <summary>Returns whether <c>item</c> or <c>index</c> was read since the last call (an <c>if</c> that does is evaluated per item).</summary>
    public bool TakeItemRead()
    {
        var read = _itemRead;
        _itemRead = false;
        return read;
    }

    /// <summary>Makes a workflow input readable from the first step on.</summary>
    public void Declare(string name) => _available.Add(name);

    /// <summary>Returns the references checked since the last call, for the data-flow checks.</summary>
    public IReadOnlyList<VariableRead> TakeReads()
    {
        var reads = _reads.ToList();
        _reads.Clear();
        return reads;
    }

    /// <summary>Moves to step <paramref name="index"/>: earlier outputs become readable, and so does its own wait_for value.</summary>
    public void EnterStep(int index, string? waitFor)
    {
        _enteredStep = true;
        for (; _index < index; _index++)
        {
            if (_workflow.Steps[_index].Output is { } output)
            {
                _available.Add(output.Value);
            }
        }

        if (waitFor is not null)
        {
            _available.Add(waitFor);
        }
    }

    public void Check(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (name is "item" or "index")
        {
            // Inside a foreach step the item always wins, as at run time; they are not workflow variables, so no read is recorded.
            if (InForeach)
            {
                _itemRead = true;
                return;
            }

            if (!_available.Contains(name))
            {
                diagnostics.Add(DiagnosticDescriptors.ItemOutsideForeach, span,
                    $"'{name}' is the {(name == "item" ? "current item" : "0-based position of the current item")} of a foreach step, and exists only inside one. Add 'foreach' to this step, or read a foreach step's output (a JSON array) instead.");
                return;
            }
        }

        _reads.Add(new VariableRead(name, span));
        if (_available.Contains(name))
        {
            return;
        }

        for (var later = _index; later < _workflow.Steps.Count; later++)
        {
            var step = _workflow.Steps[later];
            if (step.Output?.Value == name)
            {
                var when = !_enteredStep ? "runs after the workflow's env is set (workflow env can read only inputs)"
                    : later == _index ? "is this step, so the value does not exist yet" : "runs after this step";
                diagnostics.Add(DiagnosticDescriptors.VariableNotYetSet, span,
                    $"'{name}' is set by step '{step.Name?.Value}', which {when}. A step can read only outputs of the steps before it.");
                return;
            }
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && _workflows.TryGetValue(name[..dot], out var other) && other.Steps.Any(s => s.Name?.Value == name[(dot + 1)..]))
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownVariable, span,
                $"'{name}' is the output of another workflow's step. Add 'wait_for: {name}' to this step (or an earlier one) to receive it.");
            return;
        }

        var known = _available.Count == 0 ? "No variables are set before this step." : $"Variables set before this step: {string.Join(", ", _available.OrderBy(n => n, StringComparer.Ordinal))}.";
        diagnostics.Add(DiagnosticDescriptors.UnknownVariable, span,
            $"No step of workflow '{WorkflowName}' sets '{name}'.{Suggestions.DidYouMean(name, _available)} {known}");
    }
}
