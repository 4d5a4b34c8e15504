namespace LlmCompiler.Runtime;

/// <summary>
/// A template value that stands where the shell evaluates text as arithmetic (<c>$(( ))</c>, an array subscript,
/// <c>let</c>, …), where bash would run command substitutions hidden in it. Only an integer may reach such a position:
/// any other value fails the step before the shell starts.
/// </summary>
/// <param name="Variable">The environment variable that carries the value (<c>LLMC_x</c>).</param>
/// <param name="Template">The template as written (<c>{{x}}</c>), for the message.</param>
/// <param name="Where">The position, for the message ("an arithmetic expansion $(( ))").</param>
public sealed record ShellIntegerValue(string Variable, string Template, string Where);
