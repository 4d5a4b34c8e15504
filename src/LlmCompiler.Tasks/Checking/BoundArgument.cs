using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked entry of a call's <c>with</c> or a workflow's <c>outputs</c>: a name and its template.</summary>
internal sealed record BoundArgument(string Name, Template Value);
