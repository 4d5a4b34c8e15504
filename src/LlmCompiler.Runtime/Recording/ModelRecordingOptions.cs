namespace LlmCompiler.Runtime;

/// <summary>Where a run records model calls, or replays them from (<see cref="WorkflowRunOptions.Recording"/>).</summary>
/// <param name="Directory">The directory of recordings: one JSON file per request, named by a hash of what determines the answer.</param>
/// <param name="Mode">Whether to record or to replay.</param>
public sealed record ModelRecordingOptions(string Directory, ModelRecordingMode Mode);
