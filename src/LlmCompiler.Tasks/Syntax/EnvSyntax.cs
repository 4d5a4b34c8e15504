namespace LlmCompiler.Tasks.Syntax;

/// <summary>One <c>env</c> entry: a variable name and its templated value (<see langword="null"/> for an empty value).</summary>
internal sealed record EnvSyntax(ScalarSyntax Name, ScalarSyntax? Value);
