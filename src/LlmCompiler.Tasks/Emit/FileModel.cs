namespace LlmCompiler.Tasks.Emit;

// The shapes the Scriban templates render. Every string is already valid C# (literals quoted and escaped), so
// the templates only lay code out. Scriban exposes these as snake_case (class_name, source_literal, …).

internal sealed record FileModel(string Version, string Source, string SourceLiteral, string Namespace, IReadOnlyList<WorkflowModel> Workflows);

internal sealed record WorkflowModel(string Name, string ClassName, string NameLiteral, IReadOnlyList<StepModel> Steps);

internal sealed record StepModel(string TypeName, string Arguments, IReadOnlyList<PropertyModel> Properties);

internal sealed record PropertyModel(string Name, string Value);

internal sealed record ProgramModel(string Version, string Namespace, IReadOnlyList<string> ClassNames, bool EntryPoint, string ProgramNameLiteral, IReadOnlyList<string> Plugins);
