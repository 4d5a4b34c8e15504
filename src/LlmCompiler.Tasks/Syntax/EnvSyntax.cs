namespace LlmCompiler.Tasks.Syntax;

/// <summary>One <c>env</c> entry: a variable name and its parsed template value (empty for an empty value).</summary>
internal sealed record EnvSyntax(ScalarSyntax Name, Template Value);
