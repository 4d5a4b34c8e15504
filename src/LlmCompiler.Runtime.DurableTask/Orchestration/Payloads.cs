using System.Text.Json;

namespace LlmCompiler.Runtime.DurableTask.Orchestration;

// What the engine stores: JSON text of these records, written by System.Text.Json with snake_case names. The
// framework only ever sees strings, so no CLR type name reaches storage and renaming these records breaks nothing
// in flight; only renaming a JSON field would (the tests read the stored shapes through these records).

/// <summary>
/// The input of a run: every workflow's definition (called ones too), the inputs of those it starts, and whether every
/// step's text is recorded (as the embedded runner records it when its output is not the console, or middleware may read it).
/// </summary>
internal sealed record RunPayload(
    string Program,
    Dictionary<string, string> Definitions,
    Dictionary<string, Dictionary<string, string>> Inputs,
    int ShellParallel,
    bool CaptureAll = false);

/// <summary>The input of one workflow's sub-orchestration.</summary>
internal sealed record WorkflowPayload(
    string Program,
    string RunId,
    string Workflow,
    string Definition,
    Dictionary<string, string> Inputs,
    int ShellParallel,
    bool CaptureAll = false);

/// <summary>
/// What a workflow's sub-orchestration returns: its record (a run file's content of that one workflow, nested as JSON,
/// not as text, so it is not escaped twice), and for a called workflow its progress lines (its caller prints them after
/// its own; a started workflow's lines reach the client through its status).
/// </summary>
internal sealed record WorkflowOutcome(JsonElement Run, List<ProgressLine>? Progress)
{
    /// <summary>The one workflow's record.</summary>
    public WorkflowResult Workflow() => RunFileReader.Parse(Run.GetRawText()).Workflows[0];
}

/// <summary>The input of one step (or foreach item) activity: the variables it reads, copied from the orchestration.</summary>
internal sealed record StepPayload(
    string Workflow,
    string Definition,
    int Step,
    IReadOnlyDictionary<string, string> Variables,
    string? Item,
    int? Index,
    string AttemptId);

/// <summary>A producer's signal for the called workflows waiting for <paramref name="Key"/>, sent to the run to relay.</summary>
internal sealed record RelayPayload(string Key, SignalPayload Signal);

/// <summary>A called workflow's request to the run for the signal <paramref name="Key"/>, to be sent to <paramref name="Instance"/>.</summary>
internal sealed record SubscribePayload(string Key, string Instance);

/// <summary>The event a producer step sends to the workflows that wait for it: its output, or why there is none.</summary>
internal sealed record SignalPayload(bool Ok, string? Value, string? Reason);

/// <summary>
/// A workflow's progress (its custom status): every line so far, for the client to print the new ones; and the attempt
/// ids of the steps it stopped waiting for, which the workers running them poll for and kill (the framework cannot
/// recall an activity, and an orchestration cannot end while one is open).
/// </summary>
internal sealed record ProgressPayload(List<ProgressLine> Lines, List<string>? Abandoned = null);

/// <summary>
/// One progress line; <paramref name="Output"/> lines are a step's standard output, the rest go to the log, and of
/// those only <paramref name="Always"/> ones (failures, retries) when the run is quiet.
/// </summary>
internal sealed record ProgressLine(string Text, bool Output, bool Always = false);

/// <summary>The one place payloads are read and written.</summary>
internal static class Payload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,

        // Payloads are never embedded in HTML: quotes and '+' stay one character instead of six (\u0022), which keeps
        // records with many strings (a foreach's array of outputs) small.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"an empty {typeof(T).Name} payload");
}
