using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked <c>env</c> entry: a valid variable name and a template whose references resolve.</summary>
internal sealed record BoundEnv(string Name, Template Value);
