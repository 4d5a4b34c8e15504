using System.Reflection;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Models;

namespace LlmCompiler.Tasks.Emit;

/// <summary>Turns checked workflows into C#: one file per workflow file, and one for the registry and entry point.</summary>
internal sealed class CSharpEmitter
{
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

    public string EmitFile(CheckedFile file, string relativePath)
    {
        var workflows = file.Workflows
            .Select(w => new WorkflowModel(w.Name, _classNames[w], CSharpLiteral.String(w.Name), w.Steps.Select(s => StepEmitter.Step(s, w.Env, ClassOf)).ToList())
            {
                Inputs = w.Inputs.Select(InputEmitter.Definition).ToList(),
                Parameters = InputEmitter.Parameters(w.Inputs),
                Outputs = w.Outputs.Select(o => $"new({CSharpLiteral.String(o.Name)}, {ExpressionEmitter.TemplateLambda(o.Value)})").ToList(),
                IsCalled = w.IsCalled,
            })
            .ToList();
        return TemplateRenderer.RenderWorkflowFile(new FileModel(Version, relativePath, CSharpLiteral.String(relativePath), _namespace, workflows));
    }

    /// <summary>The generated class of a workflow of the project, by name.</summary>
    private string ClassOf(string workflow) => _classNames.First(c => c.Key.Name == workflow).Value;

    public string EmitProgram(IReadOnlyList<CheckedFile> files, CompilerOptions options, string graph) =>
        TemplateRenderer.RenderProgram(new ProgramModel(
            Version,
            _namespace,
            files.SelectMany(f => f.Workflows).Select(w => _classNames[w]).ToList(),
            options.GenerateEntryPoint,
            CSharpLiteral.String(options.ProgramName),
            options.Plugins.Order(StringComparer.Ordinal).Select(p => "global::" + p).ToList(),
            CSharpLiteral.RawString(graph, "        ")));
}
