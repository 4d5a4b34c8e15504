namespace LlmCompiler.Runtime;

/// <summary>The outcome of a workflow or of a whole run.</summary>
public enum RunStatus
{
    /// <summary>Every step succeeded or was skipped.</summary>
    Succeeded,

    /// <summary>A step failed.</summary>
    Failed,

    /// <summary>The run was cancelled.</summary>
    Cancelled,

    /// <summary>The run parked on questions (<c>--park</c>): answered with <c>app answer … --run-file</c>, it continues with <c>--resume</c>.</summary>
    Waiting,
}
