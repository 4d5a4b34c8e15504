namespace LlmCompiler.Tasks.Checking;

/// <summary>The step types of the workflow language.</summary>
internal enum StepKind
{
    Shell,
    Llm,
    LocalLlm,
}
