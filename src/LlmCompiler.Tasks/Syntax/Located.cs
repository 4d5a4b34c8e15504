using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A value read from a workflow file and where it was written.</summary>
internal sealed record Located<T>(T Value, SourceSpan Span);
