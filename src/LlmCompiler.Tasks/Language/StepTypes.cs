namespace LlmCompiler.Tasks.Language;

/// <summary>
/// The step types as flags, so that a field row can say which types accept it. Each registered
/// <see cref="Kinds.StepKind"/> owns one bit (its <c>Flag</c>); a new kind adds its bit here and to <see cref="All"/>.
/// </summary>
[Flags]
internal enum StepTypes
{
    None = 0,
    Shell = 1,
    Llm = 2,
    LocalLlm = 4,

    /// <summary>A call of another workflow of the project (<c>type: workflow</c>).</summary>
    Workflow = 8,

    /// <summary>A question to a person (<c>type: input</c>).</summary>
    Input = 16,

    /// <summary>One tool call on an MCP server (<c>type: mcp</c>).</summary>
    Mcp = 32,
    Model = Llm | LocalLlm,
    All = Shell | Model | Workflow | Input | Mcp,
}
