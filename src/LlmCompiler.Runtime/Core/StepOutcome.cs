using System.ComponentModel;
using System.Text.Json.Serialization;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// What a step runner reports for one attempt, in the run file's own vocabulary (<see cref="ExecutionResult"/>): the
/// output and whatever else the runner knows (exit code, tokens, metrics, where an answer came from, a call's run).
/// The engine then adds status, timing and attempts (<see cref="StepRecords"/>); the durable engine sends this very
/// record from a worker to its orchestration, so nothing a runner reports can be dropped on the way.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record StepOutcome : ExecutionResult
{
    /// <summary>Creates the record of an attempt that gave <paramref name="output"/>.</summary>
    public StepOutcome(string output) => Output = output;

    /// <summary>For the serializer and for failures, which have no output.</summary>
    public StepOutcome()
    {
    }

    /// <summary>Gets the output text (empty for a failure).</summary>
    [JsonIgnore]
    public string Text => Output ?? string.Empty;

    /// <summary>Gets whether the step's standard output went straight to the console instead of being captured.</summary>
    public bool Streamed { get; init; }
}
