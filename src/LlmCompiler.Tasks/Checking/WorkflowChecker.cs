using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a project's workflows as a whole: workflow names across files, then each workflow's inputs, env and
/// steps (<see cref="StepBinder"/>), then the checks over all of them (wait cycles, data flow). Everything the
/// emitter gets is known to be valid, so generated code always compiles and never fails on something knowable
/// at build time.
/// </summary>
internal sealed class WorkflowChecker
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, WorkflowSyntax> _workflows = new(StringComparer.Ordinal);
    private IReadOnlyCollection<string> _called = new HashSet<string>();

    private WorkflowChecker(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    public static IReadOnlyList<CheckedFile> Check(IReadOnlyList<ParsedFile> files, DiagnosticBag diagnostics)
    {
        var checker = new WorkflowChecker(diagnostics);
        checker.CollectWorkflowNames(files);
        checker._called = CallGraph.Analyze(checker._workflows, diagnostics);
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
            if (workflow.Name is not { } name || !Names.Check(name, "workflow", _diagnostics))
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
            Bind(syntax, "?");
            return null;
        }

        return Bind(syntax, name.Value);
    }

    private BoundWorkflow Bind(WorkflowSyntax workflow, string workflowName)
    {
        var scope = new VariableScope(workflowName, workflow, _workflows);
        var binder = new StepBinder(workflowName, scope, _workflows, _called, _diagnostics);
        var inputs = InputDeclarationBinder.Bind(workflow.Inputs, binder, _diagnostics);
        var env = EnvBinder.Bind(workflow.Env, scope, _diagnostics);
        var servers = McpServerBinder.Bind(workflow.McpServers, _diagnostics);
        scope.TakeReads();
        var steps = new List<BoundStep>();
        for (var index = 0; index < workflow.Steps.Count; index++)
        {
            if (binder.Bind(workflow.Steps[index], index) is { } step)
            {
                steps.Add(servers.Attach(workflow.Steps[index], step));
            }
        }

        // Outputs are read when the workflow has finished: every step's output is set by then.
        scope.EnterStep(workflow.Steps.Count, null);
        var outputs = new List<BoundArgument>();
        foreach (var output in workflow.Outputs)
        {
            if (Names.Check(output.Name, "output", _diagnostics))
            {
                outputs.Add(new BoundArgument(output.Name.Value, TemplateBinder.Bind(output.Value, scope, _diagnostics)));
            }
        }

        return new BoundWorkflow(workflowName, workflow.Span, steps)
        {
            Inputs = inputs,
            Env = env,
            Outputs = outputs,
            OutputReads = scope.TakeReads(),
            IsCalled = _called.Contains(workflowName),
        };
    }
}
