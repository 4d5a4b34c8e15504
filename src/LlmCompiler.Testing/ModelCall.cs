namespace LlmCompiler.Testing;

/// <summary>One call a workflow made to a model during a test run.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step's name.</param>
/// <param name="Kind">The step type, <c>llm</c> or <c>local_llm</c>.</param>
/// <param name="Model">The model as the step names it, or <see langword="null"/> for the backend's default.</param>
/// <param name="System">The rendered system prompt, or <see langword="null"/>.</param>
/// <param name="Prompt">The rendered prompt.</param>
/// <param name="Reply">The canned reply given, or <see langword="null"/> when none matched (the step then failed).</param>
public sealed record ModelCall(string Workflow, string Step, string Kind, string? Model, string? System, string Prompt, string? Reply);
