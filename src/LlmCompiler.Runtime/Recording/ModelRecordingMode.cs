namespace LlmCompiler.Runtime;

/// <summary>What a run does with the recordings of model calls (<see cref="WorkflowRunOptions.Recording"/>).</summary>
public enum ModelRecordingMode
{
    /// <summary>Call the models and write each request with its answer to the directory (<c>--record</c>).</summary>
    Record,

    /// <summary>Answer every request from the directory and call no model; a request never recorded fails its step (<c>--replay</c>).</summary>
    Replay,
}
