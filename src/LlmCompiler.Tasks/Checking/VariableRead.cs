using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A reference to a variable in a template or condition, and where it is written.</summary>
internal sealed record VariableRead(string Name, SourceSpan Span);
