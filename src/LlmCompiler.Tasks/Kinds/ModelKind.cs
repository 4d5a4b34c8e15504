using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>What the model kinds share: a prompt template as the runtime step's argument, a rounded node, a backend package.</summary>
internal abstract class ModelKind : StepKind
{
    protected ModelKind(string name, string doc, StepTypes flag)
        : base(name, doc, flag)
    {
    }

    public override MermaidShape Shape => MermaidShape.Stadium;

    public abstract override BackendPackage Backend { get; }

    public override StepConstruction Construct(BoundStep step, Func<string, string> classOf) =>
        new(ExpressionEmitter.TemplateLambda(step.Prompt!))
        {
            // tools: the servers' definitions travel with the step, as an mcp step's do.
            Properties = step.Tools.Count == 0
                ? []
                : [new Emit.Models.PropertyModel("Tools", $"new global::LlmCompiler.Runtime.ToolReference[] {{ {string.Join(", ", step.Tools.Select(t => $"new({McpKind.Server(t.Server)}, {CSharpLiteral.String(t.Tool)})"))} }}")],
        };
}
