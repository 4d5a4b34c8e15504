using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>What <c>Program.scriban</c> renders: the project's workflow list, graph, entry point and plugin start-up.</summary>
internal sealed record ProgramModel(string Version, string Namespace, IReadOnlyList<string> ClassNames, bool EntryPoint, string ProgramNameLiteral, IReadOnlyList<string> Plugins, string GraphLiteral) : IScriptModel
{
    public ScriptObject ToScriptObject() => new()
    {
        ["version"] = Version,
        ["namespace"] = Namespace,
        ["class_names"] = ScriptModels.Array(ClassNames, c => c),
        ["entry_point"] = EntryPoint,
        ["program_name_literal"] = ProgramNameLiteral,
        ["plugins"] = ScriptModels.Array(Plugins, p => p),
        ["graph_literal"] = GraphLiteral,
    };
}
