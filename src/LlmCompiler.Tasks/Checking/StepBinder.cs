using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Binds the steps of one workflow, in order. The step's kind (<see cref="StepKinds"/>) decides which
/// <see cref="StepFields"/> apply; "no effect" (LLMC2014), required (LLMC2001), choices and ranges (LLMC2015) come
/// from the rows, and the kind adds its own checks. Templates and conditions arrive parsed; here their variables
/// are resolved against what the step may read.
/// </summary>
internal sealed class StepBinder
{
    private readonly string _workflowName;
    private readonly VariableScope _scope;
    private readonly IReadOnlyDictionary<string, WorkflowSyntax> _workflows;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, ScalarSyntax> _stepNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperandType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string What, SourceSpan Span)> _setters = new(StringComparer.Ordinal);

    /// <summary>The workflows some step calls: they have many instances, so no step can wait for one of their steps.</summary>
    private readonly IReadOnlyCollection<string> _called;

    /// <summary>The workflow the step being bound calls (its kind's <see cref="StepKind.CallTarget"/>), once its name is checked.</summary>
    private WorkflowSyntax? _callee;

    public StepBinder(string workflowName, VariableScope scope, IReadOnlyDictionary<string, WorkflowSyntax> workflows, IReadOnlyCollection<string> called, DiagnosticBag diagnostics)
    {
        _workflowName = workflowName;
        _scope = scope;
        _workflows = workflows;
        _called = called;
        _diagnostics = diagnostics;
    }

    /// <summary>Makes an input readable from the first step on, with its type for conditions.</summary>
    public void DeclareInput(string name, OperandType type, SourceSpan span)
    {
        _setters[name] = ($"input '{name}'", span);
        _scope.Declare(name);
        if (type != OperandType.String)
        {
            // String inputs are text like step outputs; only numbers and booleans have a type conditions can check.
            _types[name] = type;
        }
    }

    /// <summary>Binds step <paramref name="index"/>; returns null when it has no usable name or type (reported).</summary>
    public BoundStep? Bind(StepSyntax syntax, int index)
    {
        var valid = BindName(syntax, index);
        var kind = BindKind(syntax);
        var waitFor = BindWaitFor(syntax);
        _scope.EnterStep(index, waitFor);
        _scope.TakeReads();

        // The source is read before the items exist; everything else of the step may read item and index.
        _callee = null;
        _scope.ItemType = VariableType.Text;
        var boundForeach = syntax.Fields.Get<ForeachSyntax>(StepFields.Foreach) is { } source ? BindForeach(source) : null;
        _scope.InForeach = syntax.Fields.Keys.ContainsKey(StepFields.Foreach.Name);
        _scope.TakeItemRead();
        var conditionPerItem = false;
        var loop = syntax.Fields.Keys.ContainsKey(StepFields.Until.Name) ? new LoopScope(OutputTypes.Of(syntax, _workflows)) : null;
        _scope.LoopingStep = loop is not null;

        var values = new List<KeyValuePair<FieldDescriptor, object>>();
        foreach (var field in StepFields.All)
        {
            if (!syntax.Fields.Keys.TryGetValue(field.Name, out var keySpan) || field == StepFields.Name || field == StepFields.Type)
            {
                continue;
            }

            // Without a known type (reported) only the fields every step has are checked; the rest would be guesses.
            if (kind is null ? field.Steps != StepTypes.All : !field.AppliesTo(kind.Flag))
            {
                if (kind is not null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.FieldNotForStepType, keySpan,
                        $"'{field.Name}' has no effect on {kind.Article} {kind.Name} step.");
                }

                continue;
            }

            _scope.TakeItemRead();

            // The loop's values exist in what runs per iteration; the if, the wait and the items are read once, before.
            _scope.Loop = field == StepFields.If || field == StepFields.WaitFor || field == StepFields.Foreach ? null : loop;
            _scope.OwnOutput = field == StepFields.Until ? syntax.Output?.Value : null;
            var value = field == StepFields.WaitFor ? waitFor
                : field == StepFields.Foreach ? boundForeach
                : BindValue(field, syntax.Fields.Values.GetValueOrDefault(field.Name), syntax, kind);
            conditionPerItem |= field == StepFields.If && _scope.TakeItemRead();
            if (value is not null)
            {
                values.Add(new(field, value));
            }
        }

        _scope.InForeach = false;
        _scope.Loop = null;
        _scope.OwnOutput = null;
        _scope.LoopingStep = false;
        ReportForeachSettings(syntax);
        LoopRules.Report(syntax, _diagnostics);

        if (kind is not null)
        {
            ReportMissing(syntax, kind, index);
            ReplacedFields.ReportBoth(syntax, kind.Flag, _diagnostics);
        }

        if (_callee is not null)
        {
            CallBinder.ReportMissing(_callee, syntax.Fields.Get<IReadOnlyList<ArgumentSyntax>>(StepFields.With) ?? [],
                syntax.Fields.Keys.GetValueOrDefault(StepFields.With.Name, syntax.Fields.Get<ScalarSyntax>(StepFields.Workflow)!.Span), _diagnostics);
        }

        if (syntax.Fields.Get<Located<int>>(StepFields.WaitTimeout) is { } timeout && !syntax.Fields.Has(StepFields.WaitFor))
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitTimeoutWithoutWaitFor, timeout.Span, "'wait_timeout' has no effect without 'wait_for'.");
        }

        var reads = _scope.TakeReads();
        if (kind is null)
        {
            return null; // reported by BindKind
        }

        var step = new BoundStep(syntax.Name?.Value ?? "?", kind, syntax.Span, new BoundFields(values))
        {
            OutputSpan = syntax.Output?.Span ?? syntax.Span,
            WaitForSpan = syntax.Fields.Get<ScalarSyntax>(StepFields.WaitFor)?.Span ?? syntax.Span,
            ConditionSpan = syntax.Fields.Get<ConditionSyntax>(StepFields.If)?.Span ?? syntax.Span,
            ConditionText = syntax.Fields.Get<ConditionSyntax>(StepFields.If)?.Text,
            ConditionPerItem = conditionPerItem,
            Reads = reads,
            Syntax = syntax,
        };
        kind.Check(step, _diagnostics);
        return valid ? step : null;
    }

    private object? BindValue(FieldDescriptor field, object? value, StepSyntax syntax, StepKind? kind) => value switch
    {
        null => null,
        Template template => TemplateBinder.Bind(template, _scope, _diagnostics),
        TemplateFile { Template: { } template } => TemplateBinder.Bind(template, _scope, _diagnostics),
        TemplateFile => null,
        ConditionSyntax { Expression: { } condition } => ConditionTypeChecker.Check(condition, _scope, TypeOf, _diagnostics),
        ConditionSyntax => null,
        IReadOnlyList<EnvSyntax> env => EnvBinder.Bind(env, _scope, _diagnostics),
        IReadOnlyList<ArgumentSyntax> arguments when field == StepFields.Arguments =>
            arguments.Select(a => new BoundArgument(a.Name.Value, TemplateBinder.Bind(a.Value, _scope, _diagnostics))).ToList(),
        IReadOnlyList<ArgumentSyntax> with => CallBinder.With(with, _callee, _scope, TypeOf, _diagnostics),
        ScalarSyntax callee when field == kind?.CallTarget => BindCallee(callee),
        FieldValues retry => BindRetry(retry),
        IReadOnlyList<ScalarSyntax> list => list.Select(s => s.Value).Where(s => s.Length > 0).ToList(),
        Located<bool> flag => flag.Value,
        SchemaSyntax schema => schema,
        ScalarSyntax text when field == StepFields.Output => BindOutput(text, syntax.Name?.Value),
        ScalarSyntax text when field.Kind == ValueKind.Choice =>
            FieldRules.Choice(field, text, $"a supported {field.Name}", Plural(field.Name), DiagnosticDescriptors.InvalidValue, _diagnostics),
        ScalarSyntax text => text.Value,
        _ => FieldRules.Number(field, value, field.Name, _diagnostics),
    };

    private OperandType TypeOf(string name) => _types.GetValueOrDefault(name, OperandType.Dynamic);

    private string? BindCallee(ScalarSyntax name)
    {
        _callee = CallBinder.Callee(name, _workflowName, _workflows, _diagnostics);
        return _callee is null ? null : name.Value;
    }

    /// <summary>The source's variable must be in scope; a bare variable must be known to hold an array.</summary>
    private BoundForeach? BindForeach(ForeachSyntax source)
    {
        if (source.Variable is not { } variable)
        {
            return new BoundForeach(source.Kind, null, source.Items);
        }

        if (_scope.Check(variable, source.VariableSpan, _diagnostics) is not { } access)
        {
            return null; // reported by the scope
        }

        if (source.Kind != ForeachKind.Variable)
        {
            return new BoundForeach(source.Kind, access.Root, []) { Path = access.Path };
        }

        if (access.Type is not ArrayType array)
        {
            _diagnostics.Add(DiagnosticDescriptors.ForeachNotArray, source.VariableSpan,
                $"'{variable}' is {access.Type.Describe()}, not an array the compiler knows of (a foreach step's output, an array field of a schema). Write fromJSON({variable}) for a JSON array, or lines({variable}) for one item per line.");
            return null;
        }

        _scope.ItemType = array.Items;
        return new BoundForeach(source.Kind, access.Root, []) { Path = access.Path };
    }

    private void ReportForeachSettings(StepSyntax syntax)
    {
        if (syntax.Fields.Keys.ContainsKey(StepFields.Foreach.Name))
        {
            return;
        }

        foreach (var field in new[] { StepFields.MaxParallel, StepFields.FailFast })
        {
            if (syntax.Fields.Keys.TryGetValue(field.Name, out var key))
            {
                _diagnostics.Add(DiagnosticDescriptors.ForeachSettingWithoutForeach, key, $"'{field.Name}' has no effect without 'foreach'.");
            }
        }
    }

    private BoundFields BindRetry(FieldValues retry)
    {
        var values = new List<KeyValuePair<FieldDescriptor, object>>();
        foreach (var field in RetryFields.All)
        {
            // 'retry: 1000' is reported as 'retry', the field the user wrote.
            var shownAs = retry.Keys.TryGetValue(field.Name, out var key) && key == retry.Span ? StepFields.Retry.Name : field.Name;
            if (retry.Values.GetValueOrDefault(field.Name) is { } value && FieldRules.Number(field, value, shownAs, _diagnostics) is { } number)
            {
                values.Add(new(field, number));
            }
        }

        return new BoundFields(values);
    }

    /// <summary>Reports the fields the step's type requires; those every step requires (name, type) are checked before the type is known.</summary>
    private void ReportMissing(StepSyntax syntax, StepKind kind, int index)
    {
        foreach (var field in StepFields.All)
        {
            if (field.IsRequiredFor(kind.Flag) && field.RequiredFor != StepTypes.All && !ReplacedFields.IsGiven(syntax, field))
            {
                var step = syntax.Name is { } name
                    ? $"{kind.Name} step '{name.Value}'"
                    : $"Step {index + 1} of workflow '{_workflowName}'";
                _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span, $"{step} has no '{field.Name}'{ReplacedFields.Alternatives(field)}.{field.MissingHint}");
            }
        }
    }

    private bool BindName(StepSyntax syntax, int index)
    {
        if (syntax.Name is not { } name)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Span, $"Step {index + 1} of workflow '{_workflowName}' has no 'name'.");
            return false;
        }

        if (!Names.Check(name, "step", _diagnostics))
        {
            return false;
        }

        if (_stepNames.TryGetValue(name.Value, out var first))
        {
            _diagnostics.Add(DiagnosticDescriptors.DuplicateStep, name.Span,
                $"Workflow '{_workflowName}' already has a step named '{name.Value}' at {first.Span}.");
            return false;
        }

        _stepNames.Add(name.Value, name);
        return true;
    }

    private StepKind? BindKind(StepSyntax syntax)
    {
        if (syntax.Type is not { } type)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span,
                $"Step '{syntax.Name?.Value}' of workflow '{_workflowName}' has no 'type'. Types: {string.Join(", ", StepKinds.All.Select(k => k.Name))}.");
            return null;
        }

        var kind = StepKinds.Find(type.Value);
        if (kind is null)
        {
            FieldRules.Choice(StepFields.Type, type, "a step type", "Types", DiagnosticDescriptors.UnknownStepType, _diagnostics);
        }

        return kind;
    }

    private string? BindWaitFor(StepSyntax syntax)
    {
        if (syntax.Fields.Get<ScalarSyntax>(StepFields.WaitFor) is not { } waitFor)
        {
            return null;
        }

        var parts = waitFor.Value.Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitForFormat, waitFor.Span,
                $"'wait_for: {waitFor.Value}' must name a step as workflow.step, for example 'producer.generate'.");
            return null;
        }

        if (!_workflows.TryGetValue(parts[0], out var target))
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitForUnknownWorkflow, waitFor.Span,
                $"'wait_for: {waitFor.Value}' names the workflow '{parts[0]}', which this project does not define.{Suggestions.DidYouMean(parts[0], _workflows.Keys)}");
            return null;
        }

        if (_called.Contains(parts[0]))
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitForCalledWorkflow, waitFor.Span,
                $"'wait_for: {waitFor.Value}' names a step of workflow '{parts[0]}', which another step calls: it runs once per call, so there is no single step to wait for. Read the call's outputs instead.");
            return null;
        }

        var stepNames = target.Steps.Select(s => s.Name?.Value).OfType<string>().ToList();
        if (!stepNames.Contains(parts[1], StringComparer.Ordinal))
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitForUnknownStep, waitFor.Span,
                $"Workflow '{parts[0]}' has no step named '{parts[1]}'.{Suggestions.DidYouMean(parts[1], stepNames)} Its steps: {string.Join(", ", stepNames)}.");
            return null;
        }

        return waitFor.Value;
    }

    private string? BindOutput(ScalarSyntax output, string? stepName)
    {
        if (_setters.TryGetValue(output.Value, out var first))
        {
            _diagnostics.Add(DiagnosticDescriptors.DuplicateOutput, output.Span,
                $"'{output.Value}' is already set by {first.What} at {first.Span}. Each variable has one producer; choose another output name.");
        }
        else
        {
            _setters[output.Value] = ($"step '{stepName}'", output.Span);
        }

        if (!NameRules.IsName(output.Value))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidName, output.Span,
                $"'{output.Value}' is not a valid output name. Use letters, digits, '_' and '-' (no dots: dotted names are values received through wait_for).");
            return null;
        }

        return output.Value;
    }

    private static string Plural(string name) => char.ToUpperInvariant(name[0]) + name[1..] + "s";
}
