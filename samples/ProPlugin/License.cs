namespace LlmCompiler.Pro;

/// <summary>A validated license.</summary>
internal sealed record License(string Licensee, DateTimeOffset Expires);
