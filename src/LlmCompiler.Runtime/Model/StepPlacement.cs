using System.ComponentModel;
namespace LlmCompiler.Runtime;

/// <summary>
/// How an engine schedules a step: the few ways there are, not the step kinds (many). The embedded engine runs a
/// runner step in-process and a call as a nested execution; the durable engine runs a runner step as an activity on a
/// worker and a call as a sub-orchestration.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum StepPlacement
{
    /// <summary>One attempt is one call of the kind's runner (shell, llm, local_llm).</summary>
    Runner,

    /// <summary>The step runs another workflow of the program (<c>type: workflow</c>).</summary>
    Call,

    /// <summary>
    /// The step waits for a person's answer (<c>type: input</c>). The embedded engine runs its runner, which waits on the
    /// run's answer channels; a durable engine should wait on an external event and a durable timer instead of holding a
    /// worker.
    /// </summary>
    Answer,
}
