namespace LlmCompiler.Tasks.Language;

/// <summary>The step types of the language, as flags so that a field can say which types accept it.</summary>
[Flags]
internal enum StepTypes
{
    None = 0,
    Shell = 1,
    Llm = 2,
    LocalLlm = 4,

    /// <summary>A call of another workflow of the project (<c>type: workflow</c>).</summary>
    Workflow = 8,
    Model = Llm | LocalLlm,
    All = Shell | Model | Workflow,
}
