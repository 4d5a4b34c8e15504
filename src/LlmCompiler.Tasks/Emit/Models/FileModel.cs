using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>What <c>Workflow.scriban</c> renders: one generated file for one workflow file.</summary>
internal sealed record FileModel(string Version, string Source, string SourceLiteral, string Namespace, IReadOnlyList<WorkflowModel> Workflows) : IScriptModel
{
    public ScriptObject ToScriptObject() => new()
    {
        ["version"] = Version,
        ["source"] = Source,
        ["source_xml"] = System.Security.SecurityElement.Escape(Source),
        ["source_literal"] = SourceLiteral,
        ["namespace"] = Namespace,
        ["workflows"] = ScriptModels.Array(Workflows, w => w.ToScriptObject()),
    };
}
