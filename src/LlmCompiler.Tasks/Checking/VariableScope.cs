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
    private readonly Dictionary<string, VariableType> _types = new(StringComparer.Ordinal);
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

    /// <summary>Gets or sets the type of <c>item</c> in the foreach step being checked (text when the source's items are not known).</summary>
    public VariableType ItemType { get; set; } = VariableType.Text;

    /// <summary>
    /// Gets or sets the loop of the step being checked, while a field that runs per iteration is bound (its templates,
    /// its <c>until</c>): <c>loop.iteration</c> and <c>loop.previous</c> are readable, the latter of the step's output type.
    /// </summary>
    public LoopScope? Loop { get; set; }

    /// <summary>Gets or sets whether the step being checked loops, although the field being bound runs once (its <c>if</c>): the message then says so.</summary>
    public bool LoopingStep { get; set; }

    /// <summary>Gets or sets the step's own output while its <c>until</c> is bound: that iteration's output, readable there only.</summary>
    public string? OwnOutput { get; set; }

    /// <summary>Records what a variable holds (text unless said otherwise).</summary>
    public void SetType(string name, VariableType type) => _types[name] = type;

    /// <summary>Returns what a variable holds, as far as the checker knows.</summary>
    public VariableType TypeOf(string name) => _types.GetValueOrDefault(name, VariableType.Text);

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
                _types[output.Value] = OutputTypes.Of(_workflow.Steps[_index], _workflows);
            }
        }

        if (waitFor is not null)
        {
            _available.Add(waitFor);
            var dot = waitFor.IndexOf('.', StringComparison.Ordinal);
            if (_workflows.TryGetValue(waitFor[..dot], out var producer) && producer.Steps.FirstOrDefault(s => s.Name?.Value == waitFor[(dot + 1)..]) is { } step)
            {
                _types[waitFor] = OutputTypes.Of(step, _workflows);
            }
        }
    }

    /// <summary>
    /// Checks a reference as written (<c>name</c>, <c>workflow.step</c>, <c>name.field.field</c>) and returns what it
    /// reads, or <see langword="null"/> after reporting why it cannot be read here.
    /// </summary>
    public VariableAccess? Check(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (!IsReadable(name) && Split(name) is { } split)
        {
            return Walk(split.Root, split.Path, span, diagnostics);
        }

        return CheckName(name, span, diagnostics) ? new VariableAccess(name, [], RootType(name)) : null;
    }

    private bool IsReadable(string name) =>
        _available.Contains(name) || (InForeach && name is "item" or "index") || (Loop is not null && name is LoopScope.Iteration or LoopScope.Previous) || name == OwnOutput;

    /// <summary>The type of a readable name: the item, the loop's values, the step's own output, or a variable.</summary>
    private VariableType RootType(string name) => name switch
    {
        "item" when InForeach => ItemType,
        "index" when InForeach => VariableType.Integer,
        LoopScope.Iteration when Loop is not null => VariableType.Integer,
        LoopScope.Previous when Loop is { } loop => loop.Output,
        _ when name == OwnOutput && Loop is { } loop => loop.Output,
        _ => TypeOf(name),
    };

    /// <summary>The longest dotted prefix that is readable here, and the fields after it.</summary>
    private (string Root, string[] Path)? Split(string name)
    {
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            if (IsReadable(name[..dot]))
            {
                return (name[..dot], name[(dot + 1)..].Split('.'));
            }
        }

        return null;
    }

    /// <summary>Walks into an object's fields (LLMC2030 at the first unknown one, with a did-you-mean).</summary>
    private VariableAccess? Walk(string root, string[] path, SourceSpan span, DiagnosticBag diagnostics)
    {
        CheckName(root, span, diagnostics);
        var type = RootType(root);
        var walked = root;
        foreach (var field in path)
        {
            if (type is not ObjectType obj)
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownMember, span,
                    $"'{walked}' is {type.Describe()}, so it has no field '{field}'. Only the fields of an object (a workflow call's outputs, a schema's properties) can be read with '.'.");
                return null;
            }

            if (obj.Field(field) is not { } next)
            {
                var known = obj.Fields.Select(f => f.Key).ToList();
                diagnostics.Add(DiagnosticDescriptors.UnknownMember, span,
                    $"'{walked}' has no field '{field}'.{Suggestions.DidYouMean(field, known)} Its fields: {string.Join(", ", known)}.");
                return null;
            }

            type = next;
            walked += "." + field;
        }

        return new VariableAccess(root, path, type);
    }

    private bool CheckName(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (LoopScope.IsLoopName(name) && !_available.Contains(name) && !_available.Contains("loop"))
        {
            // Like item, the loop's values are not workflow variables: no read is recorded.
            return CheckLoopName(name, span, diagnostics);
        }

        if (name == OwnOutput)
        {
            return true; // the iteration's output, read by until; not a read of the variable the step sets
        }

        if (name is "item" or "index")
        {
            // Inside a foreach step the item always wins, as at run time; they are not workflow variables, so no read is recorded.
            if (InForeach)
            {
                _itemRead = true;
                return true;
            }

            if (!_available.Contains(name))
            {
                diagnostics.Add(DiagnosticDescriptors.ItemOutsideForeach, span,
                    $"'{name}' is the {(name == "item" ? "current item" : "0-based position of the current item")} of a foreach step, and exists only inside one. Add 'foreach' to this step, or read a foreach step's output (a JSON array) instead.");
                return false;
            }
        }

        _reads.Add(new VariableRead(name, span));
        if (_available.Contains(name))
        {
            return true;
        }

        for (var later = _index; later < _workflow.Steps.Count; later++)
        {
            var step = _workflow.Steps[later];
            if (step.Output?.Value == name || step.Output?.Value == name.Split('.')[0])
            {
                var when = !_enteredStep ? "runs after the workflow's env is set (workflow env can read only inputs)"
                    : later == _index ? "is this step, so the value does not exist yet" : "runs after this step";
                diagnostics.Add(DiagnosticDescriptors.VariableNotYetSet, span,
                    $"'{name}' is set by step '{step.Name?.Value}', which {when}. A step can read only outputs of the steps before it.");
                return false;
            }
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && _workflows.TryGetValue(name[..dot], out var other) && other.Steps.Any(s => s.Name?.Value == name[(dot + 1)..]))
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownVariable, span,
                $"'{name}' is the output of another workflow's step. Add 'wait_for: {name}' to this step (or an earlier one) to receive it.");
            return false;
        }

        var known = _available.Count == 0 ? "No variables are set before this step." : $"Variables set before this step: {string.Join(", ", _available.OrderBy(n => n, StringComparer.Ordinal))}.";
        diagnostics.Add(DiagnosticDescriptors.UnknownVariable, span,
            $"No step of workflow '{WorkflowName}' sets '{name}'.{Suggestions.DidYouMean(name, _available)} {known}");
        return false;
    }

    private bool CheckLoopName(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (Loop is null)
        {
            var why = LoopingStep
                ? "This step loops, but its 'if' is checked once, before the first iteration."
                : "Add 'until' and 'max_iterations' to this step to repeat it.";
            diagnostics.Add(DiagnosticDescriptors.LoopOutsideLoop, span,
                $"'{name}' exists only inside a step that loops ('until'), in its templates and its 'until'. {why}");
            return false;
        }

        if (name is LoopScope.Iteration or LoopScope.Previous)
        {
            return true;
        }

        var field = name.Length > "loop.".Length ? name["loop.".Length..].Split('.')[0] : string.Empty;
        if (field.Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownMember, span, $"'{name}' is not a value of its own: read {LoopScope.Iteration} or {LoopScope.Previous}.");
            return false;
        }

        diagnostics.Add(DiagnosticDescriptors.UnknownMember, span,
            $"'loop' has no field '{field}'.{Suggestions.DidYouMean(field, LoopScope.Fields)} Its fields: {string.Join(", ", LoopScope.Fields)}.");
        return false;
    }
}
