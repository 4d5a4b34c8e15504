using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit;

// The shapes the Scriban templates render. Every string is already valid C# (literals quoted and escaped), so
// the templates only lay code out. Each model hands Scriban a ScriptObject tree (snake_case keys) itself: Scriban's
// reflection over .NET objects costs a JIT'd invoke stub per property, which a build pays on every cold start.

internal interface IScriptModel
{
    ScriptObject ToScriptObject();
}

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

internal sealed record WorkflowModel(string Name, string ClassName, string NameLiteral, IReadOnlyList<StepModel> Steps)
{
    /// <summary>Gets each input's constructor expression for <c>Definition.Inputs</c>.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the parameters of the generated <c>RunAsync</c>, one per input.</summary>
    public IReadOnlyList<ParameterModel> Parameters { get; init; } = [];

    /// <summary>Gets each output's constructor expression for <c>Definition.Outputs</c>.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Gets whether a step calls the workflow, so runs of the project do not start it on their own.</summary>
    public bool IsCalled { get; init; }

    /// <summary>
    /// Gets a hash of what the workflow does (its name, steps, inputs and outputs as emitted, and whether it is called), so a run file written by another
    /// definition is refused by <c>--resume</c> and by durable workers. Paths and the compiler version are left out.
    /// </summary>
    public string DefinitionHash
    {
        get
        {
            var text = new System.Text.StringBuilder(Name).Append('\n');
            foreach (var step in Steps)
            {
                text.Append(step.TypeName).Append('(').Append(step.Arguments).Append(")\n");
                foreach (var property in step.Properties)
                {
                    text.Append(' ').Append(property.Name).Append('=').Append(property.Value).Append('\n');
                }
            }

            foreach (var input in Inputs)
            {
                text.Append("input ").Append(input).Append('\n');
            }

            foreach (var output in Outputs)
            {
                text.Append("output ").Append(output).Append('\n');
            }

            text.Append("called ").Append(IsCalled).Append('\n');

            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
            return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
        }
    }

    public ScriptObject ToScriptObject() => new()
    {
        ["definition_hash"] = DefinitionHash,
        ["name"] = Name,
        ["class_name"] = ClassName,
        ["name_literal"] = NameLiteral,
        ["steps"] = ScriptModels.Array(Steps, s => s.ToScriptObject()),
        ["inputs"] = ScriptModels.Array(Inputs, i => i),
        ["parameters"] = ScriptModels.Array(Parameters, p => p.ToScriptObject()),
        ["outputs"] = ScriptModels.Array(Outputs, o => o),
        ["is_called"] = IsCalled,
    };
}

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

internal sealed record StepModel(string TypeName, string Arguments, IReadOnlyList<PropertyModel> Properties)
{
    public ScriptObject ToScriptObject() => new()
    {
        ["type_name"] = TypeName,
        ["arguments"] = Arguments,
        ["properties"] = ScriptModels.Array(Properties, p => new ScriptObject { ["name"] = p.Name, ["value"] = p.Value }),
    };
}

internal sealed record PropertyModel(string Name, string Value);

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

internal static class ScriptModels
{
    public static ScriptArray Array<T>(IReadOnlyList<T> items, Func<T, object> map)
    {
        var array = new ScriptArray(items.Count);
        foreach (var item in items)
        {
            array.Add(map(item));
        }

        return array;
    }
}
