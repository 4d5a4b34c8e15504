namespace LlmCompiler.Runtime;

/// <summary>An entry of an llm step's <c>tools</c> allowlist: one tool of a server (<c>server.tool</c>), or all of its tools (<c>server.*</c>).</summary>
/// <param name="Server">The server.</param>
/// <param name="Tool">The tool's name, or <c>*</c> for every tool of the server.</param>
public sealed record ToolReference(McpServer Server, string Tool);
