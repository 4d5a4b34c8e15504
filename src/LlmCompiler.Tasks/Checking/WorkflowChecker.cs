using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a project's workflows as a whole: names, step types, required fields, value ranges, every template
/// and condition reference, every <c>wait_for</c>, and waits that would deadlock. Everything the emitter gets
/// is known to be valid, so generated code always compiles and never fails on something knowable at build time.
/// </summary>
internal sealed class WorkflowChecker
{
    private static readonly string[] StepTypes = ["shell", "llm", "local_llm"];
    private static readonly string[] ModelFields = ["prompt", "system", "model", "max_tokens", "temperature", "top_p", "top_k", "seed", "stop"];

    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, WorkflowSyntax> _workflows = new(StringComparer.Ordinal);

    private WorkflowChecker(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    public static IReadOnlyList<CheckedFile> Check(IReadOnlyList<ParsedFile> files, DiagnosticBag diagnostics)
    {
        var checker = new WorkflowChecker(diagnostics);
        checker.CollectWorkflowNames(files);
        var result = files
            .Select(file => new CheckedFile(file.Source, file.Workflows.Select(checker.BindWorkflow).OfType<BoundWorkflow>().ToList()))
            .ToList();
        WaitCycleFinder.Report(result.SelectMany(f => f.Workflows).ToList(), diagnostics);
        return result;
    }

    private void CollectWorkflowNames(IReadOnlyList<ParsedFile> files)
    {
        foreach (var workflow in files.SelectMany(f => f.Workflows))
        {
            if (workflow.Name is not { } name || !CheckName(name, "workflow"))
            {
                continue;
            }

            if (_workflows.TryGetValue(name.Value, out var first))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateWorkflow, name.Span,
                    $"A workflow named '{name.Value}' is already defined at {first.Name!.Span}. Workflow names are unique per project.");
                continue;
            }

            _workflows.Add(name.Value, workflow);
        }
    }

    private BoundWorkflow? BindWorkflow(WorkflowSyntax syntax)
    {
        if (syntax.Name is not { } name || !_workflows.TryGetValue(name.Value, out var owner) || !ReferenceEquals(owner, syntax))
        {
            // Unnamed or a duplicate: still check its steps so one build shows every problem.
            BindSteps(syntax, "?");
            return null;
        }

        var steps = BindSteps(syntax, name.Value);
        return new BoundWorkflow(name.Value, syntax.Span, steps);
    }

    private List<BoundStep> BindSteps(WorkflowSyntax workflow, string workflowName)
    {
        var steps = new List<BoundStep>();
        var stepNames = new Dictionary<string, ScalarSyntax>(StringComparer.Ordinal);
        var scope = new VariableScope(workflowName, workflow, _workflows);
        for (var index = 0; index < workflow.Steps.Count; index++)
        {
            var syntax = workflow.Steps[index];
            var valid = true;
            if (syntax.Name is not { } name)
            {
                _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Span, $"Step {index + 1} of workflow '{workflowName}' has no 'name'.");
                valid = false;
                name = null!;
            }
            else if (!CheckName(name, "step"))
            {
                valid = false;
            }
            else if (stepNames.TryGetValue(name.Value, out var first))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateStep, name.Span,
                    $"Workflow '{workflowName}' already has a step named '{name.Value}' at {first.Span}.");
                valid = false;
            }
            else
            {
                stepNames.Add(name.Value, name);
            }

            var kind = BindKind(syntax, workflowName);
            var waitFor = BindWaitFor(syntax, workflowName);
            scope.EnterStep(index, waitFor);
            var step = new BoundStep(syntax.Name?.Value ?? "?", kind ?? StepKind.Shell, syntax.Span)
            {
                Output = BindOutput(syntax.Output),
                WaitFor = waitFor,
                WaitForSpan = syntax.WaitFor?.Span ?? syntax.Span,
                WaitTimeout = Positive(syntax.WaitTimeout, "wait_timeout"),
                Condition = syntax.If is { } condition ? BindCondition(condition, scope) : null,
            };

            if (syntax.WaitTimeout is { } timeout && syntax.WaitFor is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.WaitTimeoutWithoutWaitFor, timeout.Span, "'wait_timeout' has no effect without 'wait_for'.");
            }

            step = kind switch
            {
                StepKind.Shell => BindShell(step, syntax, scope),
                StepKind.Llm or StepKind.LocalLlm => BindModel(step, syntax, scope),
                _ => step,
            };

            if (valid && kind is not null)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private StepKind? BindKind(StepSyntax syntax, string workflowName)
    {
        if (syntax.Type is not { } type)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span,
                $"Step '{syntax.Name?.Value}' of workflow '{workflowName}' has no 'type'. Types: {string.Join(", ", StepTypes)}.");
            return null;
        }

        switch (type.Value)
        {
            case "shell": return StepKind.Shell;
            case "llm": return StepKind.Llm;
            case "local_llm": return StepKind.LocalLlm;
            default:
                _diagnostics.Add(DiagnosticDescriptors.UnknownStepType, type.Span,
                    $"'{type.Value}' is not a step type.{Suggestions.DidYouMean(type.Value, StepTypes)} Types: {string.Join(", ", StepTypes)}.");
                return null;
        }
    }

    private BoundStep BindShell(BoundStep step, StepSyntax syntax, VariableScope scope)
    {
        foreach (var field in ModelFields)
        {
            if (syntax.Keys.TryGetValue(field, out var span))
            {
                _diagnostics.Add(DiagnosticDescriptors.FieldNotForStepType, span, $"'{field}' has no effect on a shell step.");
            }
        }

        if (syntax.Command is not { } command)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span, $"Shell step '{step.Name}' has no 'command'.");
            return step;
        }

        return step with { Command = BindTemplate(command, scope) };
    }

    private BoundStep BindModel(BoundStep step, StepSyntax syntax, VariableScope scope)
    {
        if (syntax.Keys.TryGetValue("command", out var commandSpan))
        {
            _diagnostics.Add(DiagnosticDescriptors.FieldNotForStepType, commandSpan, $"'command' has no effect on a {syntax.Type!.Value} step.");
        }

        if (syntax.Prompt is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span, $"{syntax.Type!.Value} step '{step.Name}' has no 'prompt'.");
        }

        if (step.Kind == StepKind.LocalLlm && syntax.Model is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, syntax.Name?.Span ?? syntax.Span,
                $"local_llm step '{step.Name}' has no 'model'. Give the path of a GGUF file, or an environment reference such as ${{LLMC_MODEL}}.");
        }

        if (syntax.Temperature is { Value: < 0 or > 2 } temperature)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidValue, temperature.Span, $"'temperature' must be between 0 and 2, not {temperature.Value}.");
        }

        if (syntax.TopP is { Value: <= 0 or > 1 } topP)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidValue, topP.Span, $"'top_p' must be greater than 0 and at most 1, not {topP.Value}.");
        }

        return step with
        {
            Prompt = syntax.Prompt is { } prompt ? BindTemplate(prompt, scope) : null,
            System = syntax.System is { } system ? BindTemplate(system, scope) : null,
            Model = syntax.Model?.Value,
            MaxTokens = Positive(syntax.MaxTokens, "max_tokens"),
            Temperature = syntax.Temperature?.Value,
            TopP = syntax.TopP?.Value,
            TopK = Positive(syntax.TopK, "top_k"),
            Seed = syntax.Seed?.Value,
            Stop = syntax.Stop?.Select(s => s.Value).Where(s => s.Length > 0).ToList() ?? [],
        };
    }

    private Template BindTemplate(ScalarSyntax scalar, VariableScope scope)
    {
        var template = TemplateParser.Parse(scalar, _diagnostics);
        foreach (var variable in template.Variables)
        {
            scope.Check(variable.Name, variable.Span, _diagnostics);
        }

        return template;
    }

    private ConditionExpression? BindCondition(ScalarSyntax scalar, VariableScope scope)
    {
        var condition = ConditionParser.Parse(scalar, _diagnostics);
        var pending = new Stack<ConditionExpression>();
        if (condition is not null)
        {
            pending.Push(condition);
        }

        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case VariableExpression variable:
                    scope.Check(variable.Name, variable.Span, _diagnostics);
                    break;
                case NotExpression not:
                    pending.Push(not.Operand);
                    break;
                case BinaryExpression binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
            }
        }

        return condition;
    }

    private string? BindWaitFor(StepSyntax syntax, string workflowName)
    {
        if (syntax.WaitFor is not { } waitFor)
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

        var stepNames = target.Steps.Select(s => s.Name?.Value).OfType<string>().ToList();
        if (!stepNames.Contains(parts[1], StringComparer.Ordinal))
        {
            _diagnostics.Add(DiagnosticDescriptors.WaitForUnknownStep, waitFor.Span,
                $"Workflow '{parts[0]}' has no step named '{parts[1]}'.{Suggestions.DidYouMean(parts[1], stepNames)} Its steps: {string.Join(", ", stepNames)}.");
            return null;
        }

        return waitFor.Value;
    }

    private string? BindOutput(ScalarSyntax? output)
    {
        if (output is null)
        {
            return null;
        }

        if (!TemplateParser.IsName(output.Value) || output.Value.Contains('.', StringComparison.Ordinal))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidName, output.Span,
                $"'{output.Value}' is not a valid output name. Use letters, digits, '_' and '-' (no dots: dotted names are values received through wait_for).");
            return null;
        }

        return output.Value;
    }

    private int? Positive(Located<int>? value, string field)
    {
        if (value is { Value: <= 0 })
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidValue, value.Span, $"'{field}' must be greater than 0, not {value.Value}.");
            return null;
        }

        return value?.Value;
    }

    private bool CheckName(ScalarSyntax name, string what)
    {
        if (TemplateParser.IsName(name.Value) && !name.Value.Contains('.', StringComparison.Ordinal))
        {
            return true;
        }

        _diagnostics.Add(DiagnosticDescriptors.InvalidName, name.Span,
            $"'{name.Value}' is not a valid {what} name. Use letters, digits, '_' and '-'; no dots or spaces.");
        return false;
    }
}
