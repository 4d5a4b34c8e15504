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
    private static readonly string[] ShellOnlyFields = ["env", "working_directory", "shell"];
    private static readonly string[] Shells = ["sh", "bash", "pwsh"];

    /// <summary>Longest timeout or backoff: beyond this the runtime's timers overflow, and no workflow needs it.</summary>
    private const double MaxSeconds = 1_000_000;

    private const int MaxAttempts = 100;

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
        var bound = result.SelectMany(f => f.Workflows).ToList();
        WaitCycleFinder.Report(bound, diagnostics);
        FlowAnalyzer.Report(bound, diagnostics);
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

        return BindSteps(syntax, name.Value);
    }

    private BoundWorkflow BindSteps(WorkflowSyntax workflow, string workflowName)
    {
        var steps = new List<BoundStep>();
        var stepNames = new Dictionary<string, ScalarSyntax>(StringComparer.Ordinal);
        var scope = new VariableScope(workflowName, workflow, _workflows);
        var types = new Dictionary<string, OperandType>(StringComparer.Ordinal);
        var setters = new Dictionary<string, (string What, SourceSpan Span)>(StringComparer.Ordinal);
        var inputs = BindInputs(workflow.Inputs, scope, types, setters);
        var workflowEnv = BindEnv(workflow.Env, scope);
        scope.TakeReads();
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
            scope.TakeReads();
            var (condition, checksStatus) = syntax.If is { } ifText ? BindCondition(ifText, scope, types) : (null, false);
            var step = new BoundStep(syntax.Name?.Value ?? "?", kind ?? StepKind.Shell, syntax.Span)
            {
                Output = BindOutput(syntax.Output, syntax.Name?.Value, setters),
                OutputSpan = syntax.Output?.Span ?? syntax.Span,
                WaitFor = waitFor,
                WaitForSpan = syntax.WaitFor?.Span ?? syntax.Span,
                WaitTimeout = Positive(syntax.WaitTimeout, "wait_timeout"),
                Condition = condition,
                ChecksStatus = checksStatus,
                ConditionSpan = syntax.If?.Span ?? syntax.Span,
                Timeout = Seconds(syntax.Timeout, "timeout", allowZero: false),
                MaxAttempts = Attempts(syntax.Retry?.MaxAttempts),
                RetryBackoff = Seconds(syntax.Retry?.Backoff, "backoff", allowZero: true),
                ContinueOnError = syntax.ContinueOnError?.Value ?? false,
            };

            if (syntax.WaitTimeout is { } timeout && syntax.WaitFor is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.WaitTimeoutWithoutWaitFor, timeout.Span, "'wait_timeout' has no effect without 'wait_for'.");
            }

            step = kind switch
            {
                StepKind.Shell => BindShell(step, syntax, scope, workflowEnv),
                StepKind.Llm or StepKind.LocalLlm => BindModel(step, syntax, scope),
                _ => step,
            };
            step = step with { Reads = scope.TakeReads() };

            if (valid && kind is not null)
            {
                steps.Add(step);
            }
        }

        return new BoundWorkflow(workflowName, workflow.Span, steps) { Inputs = inputs, Env = workflowEnv };
    }

    private List<BoundInput> BindInputs(
        IReadOnlyList<InputSyntax> inputs, VariableScope scope, Dictionary<string, OperandType> types, Dictionary<string, (string What, SourceSpan Span)> setters)
    {
        var bound = new List<BoundInput>();
        foreach (var input in inputs)
        {
            var name = input.Name.Value;
            if (!CheckName(input.Name, "input"))
            {
                continue;
            }

            var type = OperandType.String;
            if (input.Type is { } typeText)
            {
                switch (typeText.Value)
                {
                    case "string": type = OperandType.String; break;
                    case "number": type = OperandType.Number; break;
                    case "boolean": type = OperandType.Boolean; break;
                    default:
                        string[] known = ["string", "number", "boolean"];
                        _diagnostics.Add(DiagnosticDescriptors.InvalidValue, typeText.Span,
                            $"'{typeText.Value}' is not an input type.{Suggestions.DidYouMean(typeText.Value, known)} Types: {string.Join(", ", known)}.");
                        break;
                }
            }

            var defaultValue = input.Default?.Value;
            if (input.Default is { } given && !FitsType(given.Value, type))
            {
                _diagnostics.Add(DiagnosticDescriptors.WrongNodeKind, given.Span,
                    $"The default of input '{name}' must be {(type == OperandType.Number ? "a number" : "true or false")}, not '{given.Value}'.");
                defaultValue = null;
            }

            if (type == OperandType.Boolean && defaultValue is not null)
            {
                defaultValue = defaultValue.Trim().ToLowerInvariant();
            }

            setters[name] = ($"input '{name}'", input.Name.Span);
            scope.Declare(name);
            if (type != OperandType.String)
            {
                // String inputs are text like step outputs; only numbers and booleans have a type conditions can check.
                types[name] = type;
            }

            bound.Add(new BoundInput(name, type, defaultValue, input.Required?.Value ?? false, input.Description?.Value));
        }

        return bound;
    }

    private static bool FitsType(string value, OperandType type) => type switch
    {
        OperandType.Number => ConditionParser.IsNumber(value.Trim()),
        OperandType.Boolean => value.Trim().ToLowerInvariant() is "true" or "false",
        _ => true,
    };

    private List<BoundEnv> BindEnv(IReadOnlyList<EnvSyntax>? env, VariableScope scope)
    {
        var bound = new List<BoundEnv>();
        foreach (var entry in env ?? [])
        {
            var name = entry.Name.Value;
            var valid = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!valid || name.StartsWith(Emit.ShellCommandRewriter.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Add(DiagnosticDescriptors.InvalidName, entry.Name.Span, valid
                    ? $"'{name}' starts with {Emit.ShellCommandRewriter.EnvironmentPrefix}, which is reserved for the variables that carry template values."
                    : $"'{name}' is not a valid environment variable name. Use letters, digits and '_', not starting with a digit.");
                continue;
            }

            var value = entry.Value is { } text ? BindTemplate(text, scope) : new Template([]);
            bound.Add(new BoundEnv(name, value));
        }

        return bound;
    }

    private double? Seconds(Located<double>? value, string field, bool allowZero)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Value < 0 || (!allowZero && value.Value == 0) || value.Value > MaxSeconds)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidValue, value.Span,
                $"'{field}' must be {(allowZero ? "at least 0" : "greater than 0")} and at most {MaxSeconds:0} seconds, not {value.Value}.");
            return null;
        }

        return value.Value;
    }

    private int? Attempts(Located<int>? value)
    {
        if (value is { Value: < 1 or > MaxAttempts })
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidValue, value.Span, $"'retry' must allow between 1 and {MaxAttempts} attempts, not {value.Value}.");
            return null;
        }

        return value?.Value;
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

    private BoundStep BindShell(BoundStep step, StepSyntax syntax, VariableScope scope, IReadOnlyList<BoundEnv> workflowEnv)
    {
        var shell = "sh";
        if (syntax.Shell is { } shellText)
        {
            if (Array.IndexOf(Shells, shellText.Value) >= 0)
            {
                shell = shellText.Value;
            }
            else
            {
                _diagnostics.Add(DiagnosticDescriptors.InvalidValue, shellText.Span,
                    $"'{shellText.Value}' is not a supported shell.{Suggestions.DidYouMean(shellText.Value, Shells)} Shells: {string.Join(", ", Shells)}.");
            }
        }

        step = step with
        {
            Shell = shell,
            Env = BindEnv(syntax.Env, scope),
            WorkingDirectory = syntax.WorkingDirectory is { } directory ? BindTemplate(directory, scope) : null,
        };

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
        foreach (var field in ShellOnlyFields.Prepend("command"))
        {
            if (syntax.Keys.TryGetValue(field, out var span))
            {
                _diagnostics.Add(DiagnosticDescriptors.FieldNotForStepType, span, $"'{field}' has no effect on {(syntax.Type!.Value == "llm" ? "an" : "a")} {syntax.Type!.Value} step.");
            }
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

    private (ConditionExpression? Condition, bool ChecksStatus) BindCondition(ScalarSyntax scalar, VariableScope scope, Dictionary<string, OperandType> types)
    {
        if (ConditionParser.Parse(scalar, _diagnostics) is not { } condition)
        {
            return (null, false);
        }

        return ConditionTypeChecker.Check(condition, scope, name => types.GetValueOrDefault(name, OperandType.Dynamic), _diagnostics);
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

    private string? BindOutput(ScalarSyntax? output, string? stepName, Dictionary<string, (string What, SourceSpan Span)> setters)
    {
        if (output is null)
        {
            return null;
        }

        if (setters.TryGetValue(output.Value, out var first))
        {
            _diagnostics.Add(DiagnosticDescriptors.DuplicateOutput, output.Span,
                $"'{output.Value}' is already set by {first.What} at {first.Span}. Each variable has one producer; choose another output name.");
        }
        else
        {
            setters[output.Value] = ($"step '{stepName}'", output.Span);
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
