using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>One runtime step's construction: <c>new global::LlmCompiler.Runtime.{TypeName}({Arguments}) { properties }</c>.</summary>
internal sealed record StepModel(string TypeName, string Arguments, IReadOnlyList<PropertyModel> Properties)
{
    public ScriptObject ToScriptObject() => new()
    {
        ["type_name"] = TypeName,
        ["arguments"] = Arguments,
        ["properties"] = ScriptModels.Array(Properties, p => new ScriptObject { ["name"] = p.Name, ["value"] = p.Value }),
    };
}
