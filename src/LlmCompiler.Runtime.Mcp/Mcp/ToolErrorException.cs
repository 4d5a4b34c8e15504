namespace LlmCompiler.Runtime.Mcp;

/// <summary>A tool's result with <c>isError</c>: the tool's message, given back to a model rather than failing its step.</summary>
internal sealed class ToolErrorException(string message) : Exception(message);
