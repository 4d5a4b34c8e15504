using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked workflow.</summary>
internal sealed record BoundWorkflow(string Name, SourceSpan Span, IReadOnlyList<BoundStep> Steps);
