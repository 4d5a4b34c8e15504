using System.Reflection;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Emit;

/// <summary>Turns checked workflows into C#: one file per workflow file, and one for the registry and entry point.</summary>
internal sealed class CSharpEmitter
{
    private const string Runtime = "global::LlmCompiler.Runtime.";

    internal static readonly string Version =
        typeof(CSharpEmitter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly string _namespace;
    private readonly Dictionary<BoundWorkflow, string> _classNames = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an emitter for a project; class names are assigned here so they are unique project-wide.</summary>
    public CSharpEmitter(string rootNamespace, IReadOnlyList<CheckedFile> files)
    {
        _namespace = Identifiers.Namespace(rootNamespace);
        var taken = new HashSet<string>(StringComparer.Ordinal) { "LlmCompilerWorkflows", "LlmCompilerProgram" };
        foreach (var workflow in files.SelectMany(f => f.Workflows))
        {
            var name = Identifiers.TypeName(workflow.Name);
            var candidate = name;
            for (var i = 2; !taken.Add(candidate); i++)
            {
                candidate = name + i;
            }

            _classNames[workflow] = candidate;
        }
    }

    public string EmitFile(CheckedFile file, string relativePath, DiagnosticBag diagnostics)
    {
        var workflows = file.Workflows
            .Select(w => new WorkflowModel(w.Name, _classNames[w], CSharpLiteral.String(w.Name), w.Steps.Select(s => Step(s, w.Env, diagnostics)).ToList())
            {
                Inputs = w.Inputs.Select(InputEmitter.Definition).ToList(),
                Parameters = InputEmitter.Parameters(w.Inputs),
            })
            .ToList();
        return TemplateRenderer.RenderWorkflowFile(new FileModel(Version, relativePath, CSharpLiteral.String(relativePath), _namespace, workflows));
    }

    public string EmitProgram(IReadOnlyList<CheckedFile> files, CompilerOptions options) =>
        TemplateRenderer.RenderProgram(new ProgramModel(
            Version,
            _namespace,
            files.SelectMany(f => f.Workflows).Select(w => _classNames[w]).ToList(),
            options.GenerateEntryPoint,
            CSharpLiteral.String(options.ProgramName),
            options.Plugins.Order(StringComparer.Ordinal).Select(p => "global::" + p).ToList()));

    private static StepModel Step(BoundStep step, IReadOnlyList<BoundEnv> workflowEnv, DiagnosticBag diagnostics)
    {
        var properties = new List<PropertyModel>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                properties.Add(new PropertyModel(name, value));
            }
        }

        Add("Output", step.Output is null ? null : CSharpLiteral.String(step.Output));
        Add("WaitFor", step.WaitFor is null ? null : CSharpLiteral.String(step.WaitFor));
        Add("WaitTimeout", step.WaitTimeout is { } timeout ? $"global::System.TimeSpan.FromSeconds({CSharpLiteral.Number(timeout)})" : null);
        Add("Condition", step.Condition is { } condition ? ExpressionEmitter.ConditionLambda(condition) : null);
        Add("ChecksStatus", step.ChecksStatus ? "true" : null);
        Add("Timeout", step.Timeout is { } limit ? $"global::System.TimeSpan.FromSeconds({CSharpLiteral.Double(limit)})" : null);
        Add("MaxAttempts", step.MaxAttempts is { } attempts ? CSharpLiteral.Number(attempts) : null);
        Add("RetryBackoff", step.RetryBackoff is { } backoff ? $"global::System.TimeSpan.FromSeconds({CSharpLiteral.Double(backoff)})" : null);
        Add("ContinueOnError", step.ContinueOnError ? "true" : null);

        if (step.Kind == StepKind.Shell)
        {
            var command = ShellCommandRewriter.Rewrite(step.Command!, diagnostics, step.Shell);
            // Template values first, then env: workflow entries the step does not override, then the step's own.
            var pairs = command.Environment.Select(e => $"new({CSharpLiteral.String(e.Key)}, v[{CSharpLiteral.String(e.Value)}])")
                .Concat(workflowEnv.Where(w => step.Env.All(e => e.Name != w.Name)).Concat(step.Env)
                    .Select(e => $"new({CSharpLiteral.String(e.Name)}, {ExpressionEmitter.TemplateValue(e.Value)})"))
                .ToList();
            if (pairs.Count > 0)
            {
                Add("Environment", $"static v => new global::System.Collections.Generic.KeyValuePair<string, string>[] {{ {string.Join(", ", pairs)} }}");
            }

            Add("Shell", step.Shell == "sh" ? null : CSharpLiteral.String(step.Shell));
            Add("WorkingDirectory", step.WorkingDirectory is { } directory ? ExpressionEmitter.TemplateLambda(directory) : null);
            return new StepModel("ShellStep", $"{CSharpLiteral.String(step.Name)}, {CSharpLiteral.String(command.Command)}", properties);
        }

        Add("Model", step.Model is null ? null : CSharpLiteral.String(step.Model));
        Add("System", step.System is { } system ? ExpressionEmitter.TemplateLambda(system) : null);
        Add("MaxTokens", step.MaxTokens is { } maxTokens ? CSharpLiteral.Number(maxTokens) : null);
        Add("Temperature", step.Temperature is { } temperature ? CSharpLiteral.Float(temperature) : null);
        Add("TopP", step.TopP is { } topP ? CSharpLiteral.Float(topP) : null);
        Add("TopK", step.TopK is { } topK ? CSharpLiteral.Number(topK) : null);
        Add("Seed", step.Seed is { } seed ? CSharpLiteral.Number(seed) : null);
        Add("Stop", step.Stop.Count > 0 ? $"new string[] {{ {string.Join(", ", step.Stop.Select(CSharpLiteral.String))} }}" : null);
        var type = step.Kind == StepKind.LocalLlm ? "LocalLlmStep" : "LlmStep";
        return new StepModel(type, $"{CSharpLiteral.String(step.Name)}, {ExpressionEmitter.TemplateLambda(step.Prompt!)}", properties);
    }
}
