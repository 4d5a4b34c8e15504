using LlmCompiler.Tasks.Parsing;

namespace LlmCompiler.Tasks.Checking;

/// <summary>One checked workflow file, as the emitter receives it.</summary>
internal sealed record CheckedFile(SourceText Source, IReadOnlyList<BoundWorkflow> Workflows);
