namespace LlmCompiler.Tasks.Language;

/// <summary>One allowed value of a <see cref="ValueKind.Choice"/> field and what it means.</summary>
internal sealed record Choice(string Value, string Doc);
