namespace LlmCompiler.Runtime;

/// <summary>What happened to a step in a run.</summary>
public enum StepStatus
{
    /// <summary>The step never started: an earlier step of its workflow failed or the run was cancelled first.</summary>
    NotRun,

    /// <summary>The step ran and succeeded.</summary>
    Succeeded,

    /// <summary>The step's <c>if</c> condition was false.</summary>
    Skipped,

    /// <summary>The step failed.</summary>
    Failed,

    /// <summary>The run was cancelled while the step ran.</summary>
    Cancelled,

    /// <summary>The step (an <c>input</c>) waits for an answer: the run parked (<c>--park</c>) and <c>--resume</c> continues it.</summary>
    Waiting,
}
