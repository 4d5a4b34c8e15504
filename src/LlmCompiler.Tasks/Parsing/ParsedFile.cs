using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>One parsed workflow file, as the checker receives it.</summary>
internal sealed record ParsedFile(SourceText Source, IReadOnlyList<WorkflowSyntax> Workflows);
