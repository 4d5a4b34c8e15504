using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>One workflow's generated class: its steps, inputs, <c>RunAsync</c> parameters and outputs.</summary>
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

    public ScriptObject ToScriptObject() => new()
    {
        ["definition_hash"] = DefinitionHash.Of(this),
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
