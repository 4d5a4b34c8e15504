namespace LlmCompiler.Tasks.Emit;

// The shapes the Scriban templates render. Every string is already valid C# (literals quoted and escaped), so
// the templates only lay code out. Scriban exposes these as snake_case (class_name, source_literal, …).

internal sealed record FileModel(string Version, string Source, string SourceLiteral, string Namespace, IReadOnlyList<WorkflowModel> Workflows);

internal sealed record WorkflowModel(string Name, string ClassName, string NameLiteral, IReadOnlyList<StepModel> Steps)
{
    /// <summary>Gets each input's constructor expression for <c>Definition.Inputs</c>.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the parameters of the generated <c>RunAsync</c>, one per input.</summary>
    public IReadOnlyList<ParameterModel> Parameters { get; init; } = [];
}

/// <summary>A parameter of a workflow's <c>RunAsync</c>: its declaration, its doc text and the statement that records its value.</summary>
internal sealed record ParameterModel(string Name, string Declaration, string Doc, string Assignment);

internal sealed record StepModel(string TypeName, string Arguments, IReadOnlyList<PropertyModel> Properties);

internal sealed record PropertyModel(string Name, string Value);

internal sealed record ProgramModel(string Version, string Namespace, IReadOnlyList<string> ClassNames, bool EntryPoint, string ProgramNameLiteral, IReadOnlyList<string> Plugins);
