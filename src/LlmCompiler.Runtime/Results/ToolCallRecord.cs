namespace LlmCompiler.Runtime;

/// <summary>One tool call a model made during a step (the run file's <c>tool_calls</c>).</summary>
/// <param name="Tool">The tool as <c>server.tool</c>.</param>
/// <param name="Arguments">The arguments the model gave, as compact JSON.</param>
/// <param name="Status"><c>succeeded</c>, <c>failed</c> (the tool reported an error, which the model was told) or <c>refused</c> (over <c>max_tool_calls</c>).</param>
/// <param name="DurationMs">How long the call took, in milliseconds.</param>
/// <param name="ResultChars">How many characters the result had, before the cap.</param>
public sealed record ToolCallRecord(string Tool, string Arguments, string Status, double DurationMs, int ResultChars);
