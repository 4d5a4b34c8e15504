using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// A checked step: every reference resolved, every value in range. Its <see cref="Fields"/> hold the values by
/// <see cref="StepFields"/> row; the properties name the ones the flow analyses and the emitter look at by name.
/// </summary>
internal sealed record BoundStep(string Name, StepKind Kind, SourceSpan Span, BoundFields Fields)
{
    public Template? Command => Fields.Get<Template>(StepFields.Command);

    /// <summary>Gets the prompt, written in the step or read from its <c>prompt_file</c>.</summary>
    public Template? Prompt => Fields.Get<Template>(StepFields.Prompt) ?? Fields.Get<Template>(StepFields.PromptFile);

    public string? Output => Fields.Get<string>(StepFields.Output);

    public string? WaitFor => Fields.Get<string>(StepFields.WaitFor);

    public BoundCondition? Condition => Fields.Get<BoundCondition>(StepFields.If);

    /// <summary>Gets the shell: sh, bash or pwsh.</summary>
    public string Shell => Fields.Get<string>(StepFields.Shell) ?? StepFields.Shell.Default!;

    public bool ContinueOnError => Fields[StepFields.ContinueOnError] is true;

    public BoundForeach? Foreach => Fields.Get<BoundForeach>(StepFields.Foreach);

    /// <summary>Gets whether the step's <c>if</c> reads <c>item</c> or <c>index</c>, so it is evaluated per item.</summary>
    public bool ConditionPerItem { get; init; }

    public IReadOnlyList<BoundEnv> Env => Fields.Get<IReadOnlyList<BoundEnv>>(StepFields.Env) ?? [];

    public SourceSpan WaitForSpan { get; init; }

    public SourceSpan ConditionSpan { get; init; }

    /// <summary>Gets the <c>if</c> as the user means it (the YAML value, escapes read), for pictures of the workflow.</summary>
    public string? ConditionText { get; init; }

    public SourceSpan OutputSpan { get; init; }

    /// <summary>Gets the step as written, for a kind's checks that point at one of its values (an input's <c>default</c>).</summary>
    public StepSyntax? Syntax { get; init; }
    /// <summary>Gets the MCP server an mcp step calls (<see cref="McpServerBinder"/>), or <see langword="null"/>.</summary>
    public BoundMcpServer? McpServer { get; init; }

    /// <summary>Gets the tools an llm step's model may call: each server with a tool name or <c>*</c>.</summary>
    public IReadOnlyList<(BoundMcpServer Server, string Tool)> Tools { get; init; } = [];

    /// <summary>Gets every variable the step reads (templates and condition), for the data-flow checks.</summary>
    public IReadOnlyList<VariableRead> Reads { get; init; } = [];
}
