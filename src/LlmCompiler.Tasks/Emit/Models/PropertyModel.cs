namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>A property set in a step's object initializer: its name and its C# value.</summary>
internal sealed record PropertyModel(string Name, string Value);
