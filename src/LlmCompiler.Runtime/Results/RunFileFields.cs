using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>
/// How the run file spells the fields of an <see cref="ExecutionResult"/>, which steps and items share: one row per
/// field, read by the writer, the reader and the reader's list of known names alike, so a field of the record is
/// added in one place (and <see cref="RunFile.SchemaVersion"/> grows when one changes meaning). A step writes its
/// output in <c>channels</c> instead (the original layout); an item writes it here.
/// </summary>
internal static class RunFileFields
{
    /// <summary>The shared fields in the order they are written; absent values write nothing.</summary>
    private static readonly Field[] Shared =
    [
        new(["started_at", "duration_ms"], WriteTiming, ReadTiming),
        new(["exit_code"], (w, r) => Number(w, "exit_code", r.ExitCode), (e, r) => r with { ExitCode = OptionalInt(e, "exit_code") }),
        new(["error"], (w, r) => Nullable(w, "error", r.Error), (e, r) => r with { Error = OptionalString(e, "error") }),
        new(["resumed"], (w, r) => Flag(w, "resumed", r.Resumed), (e, r) => r with { Resumed = Flag(e, "resumed") }),
        new(["worker"], (w, r) => Text(w, "worker", r.Worker), (e, r) => r with { Worker = OptionalString(e, "worker") }),
        new(["attempts"], (w, r) => Number(w, "attempts", r.Attempts), (e, r) => r with { Attempts = OptionalInt(e, "attempts") }),
        new(["input_tokens"], (w, r) => Number(w, "input_tokens", r.InputTokens), (e, r) => r with { InputTokens = OptionalLong(e, "input_tokens") }),
        new(["output_tokens"], (w, r) => Number(w, "output_tokens", r.OutputTokens), (e, r) => r with { OutputTokens = OptionalLong(e, "output_tokens") }),

        // Where a model answer came from (replayed, cached, recorded); nothing when the model simply answered.
        new(["reply"], (w, r) => Text(w, "reply", r.Reply), (e, r) => r with { Reply = OptionalString(e, "reply") }),
        // Who answered an input step, when and via which channel (terminal, cli, web, test, timeout).
        new(["answer"], WriteAnswer, (e, r) => r with { Answer = e.TryGetProperty("answer", out var a) ? Answers.AnswerJson.ReadRecord(a) : null }),

        // The model's tool calls (llm steps with tools): what was called with what, how it went, how long, how much came back.
        new(["tool_calls"], WriteToolCalls, ReadToolCalls),
    ];

    /// <summary>The names of the shared fields and of the step's and item's own: any other number on a record is one of its metrics.</summary>
    public static readonly HashSet<string> KnownNames = new(
        Shared.SelectMany(f => f.Names).Concat(["name", "type", "status", "index", "output", "continue_on_error", "after_cancellation", "items", CallName, IterationsName, IterationName]),
        StringComparer.Ordinal);

    /// <summary>The name a looping step's iterations are listed under.</summary>
    public const string IterationsName = "iterations";

    /// <summary>The name of an iteration's number, from 1.</summary>
    public const string IterationName = "iteration";

    /// <summary>The name a called workflow's run is nested under.</summary>
    public const string CallName = "workflow";

    /// <summary>Writes the shared fields (not the output, nor metrics and the call, which come last: see <see cref="WriteMetrics"/>).</summary>
    public static void Write(Utf8JsonWriter writer, ExecutionResult record)
    {
        foreach (var field in Shared)
        {
            field.Write(writer, record);
        }
    }

    /// <summary>Writes the metrics, each as a number of its own, after everything else but the nested parts.</summary>
    public static void WriteMetrics(Utf8JsonWriter writer, ExecutionResult record)
    {
        foreach (var (name, value) in record.Metrics ?? new Dictionary<string, double>())
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>Reads the shared fields onto <paramref name="record"/> (a step's or an item's), metrics included.</summary>
    public static T Read<T>(JsonElement element, T record)
        where T : ExecutionResult
    {
        ExecutionResult read = record;
        foreach (var field in Shared)
        {
            read = field.Read(element, read);
        }

        var metrics = element.EnumerateObject()
            .Where(p => !KnownNames.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        return (T)(read with { Metrics = metrics.Count > 0 ? metrics : null });
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, ExecutionResult record)
    {
        if (record.ToolCalls is not { Count: > 0 } calls)
        {
            return;
        }

        writer.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteString("tool", call.Tool);
            writer.WritePropertyName("arguments");
            try
            {
                writer.WriteRawValue(call.Arguments);
            }
            catch (JsonException)
            {
                writer.WriteStringValue(call.Arguments); // not JSON after all: kept as text
            }

            writer.WriteString("status", call.Status);
            writer.WriteNumber("duration_ms", Math.Round(call.DurationMs, 3));
            writer.WriteNumber("result_chars", call.ResultChars);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static ExecutionResult ReadToolCalls(JsonElement element, ExecutionResult record) =>
        element.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array
            ? record with
            {
                ToolCalls = calls.EnumerateArray().Select(c => new ToolCallRecord(
                    c.GetProperty("tool").GetString() ?? string.Empty,
                    c.TryGetProperty("arguments", out var arguments) ? arguments.GetRawText() : "{}",
                    c.GetProperty("status").GetString() ?? string.Empty,
                    c.GetProperty("duration_ms").GetDouble(),
                    c.GetProperty("result_chars").GetInt32())).ToList(),
            }
            : record;

    /// <summary>When it started and how long it ran; nothing for one that never started.</summary>
    private static void WriteTiming(Utf8JsonWriter writer, ExecutionResult record)
    {
        if (record.StartedAt is { } started)
        {
            writer.WriteString("started_at", started);
            writer.WriteNumber("duration_ms", Math.Round(record.Duration.TotalMilliseconds, 3));
        }
    }

    private static ExecutionResult ReadTiming(JsonElement element, ExecutionResult record) => record with
    {
        StartedAt = element.TryGetProperty("started_at", out var started) ? started.GetDateTimeOffset() : null,
        Duration = element.TryGetProperty("duration_ms", out var duration) ? TimeSpan.FromMilliseconds(duration.GetDouble()) : TimeSpan.Zero,
    };

    private static void WriteAnswer(Utf8JsonWriter writer, ExecutionResult record)
    {
        if (record.Answer is { } answer)
        {
            writer.WriteStartObject("answer");
            Answers.AnswerJson.WriteRecord(writer, answer);
            writer.WriteEndObject();
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Flag(Utf8JsonWriter writer, string name, bool value)
    {
        if (value)
        {
            writer.WriteBoolean(name, true);
        }
    }

    /// <summary>A field always present, <c>null</c> when there is no value: readers of the original layout expect <c>error</c> on every record.</summary>
    internal static void Nullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    internal static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetBoolean();

    private static int? OptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static long? OptionalLong(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetInt64() : null;

    /// <summary>One field: its JSON names, how it is written, how it is read back.</summary>
    private sealed record Field(string[] Names, Action<Utf8JsonWriter, ExecutionResult> Write, Func<JsonElement, ExecutionResult, ExecutionResult> Read);
}
