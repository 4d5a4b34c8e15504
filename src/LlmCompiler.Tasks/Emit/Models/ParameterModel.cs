using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>A parameter of a workflow's <c>RunAsync</c>: its declaration, its doc text and the statement that records its value.</summary>
internal sealed record ParameterModel(string Name, string Declaration, string Doc, string Assignment)
{
    public ScriptObject ToScriptObject() => new()
    {
        ["name"] = Name,
        ["declaration"] = Declaration,
        ["doc"] = Doc,
        ["assignment"] = Assignment,
    };
}
