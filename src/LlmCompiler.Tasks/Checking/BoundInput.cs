namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked workflow input: <see cref="Default"/> is already valid for <see cref="Type"/>.</summary>
internal sealed record BoundInput(string Name, OperandType Type, string? Default, bool Required, string? Description);
