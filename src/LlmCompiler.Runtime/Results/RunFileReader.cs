using System.Globalization;
using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>Reads a run file back into a <see cref="RunResult"/>: what <c>--resume</c> restores from, and how the durable engine's
/// orchestrations hand records to each other.</summary>
internal static class RunFileReader
{
    /// <summary>Fields of a step or item the reader knows; any other number on a step is one of its metrics.</summary>
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "name", "type", "status", "started_at", "duration_ms", "exit_code", "error", "continue_on_error",
        "after_cancellation", "resumed", "worker", "attempts", "input_tokens", "output_tokens", "items", "index", "output", "reply", "workflow",
    };

    /// <summary>Parses a run file's text.</summary>
    /// <exception cref="InvalidDataException">The text is not a run file this runtime can read.</exception>
    public static RunResult Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema_version", out var version) || version.GetInt32() != RunFile.SchemaVersion)
            {
                throw new InvalidDataException($"not a run file of schema_version {RunFile.SchemaVersion}");
            }

            var contexts = root.GetProperty("contexts");
            var channels = root.GetProperty("channels");
            var workflows = new List<WorkflowResult>();
            foreach (var workflow in root.GetProperty("workflows").EnumerateObject())
            {
                var steps = workflow.Value.GetProperty("steps").EnumerateArray()
                    .Select(s => Step(s, channels, workflow.Name))
                    .ToList();
                workflows.Add(new WorkflowResult
                {
                    Name = workflow.Name,
                    Status = RunStatusOf(workflow.Value.GetProperty("status").GetString()),
                    DefinitionHash = workflow.Value.TryGetProperty("definition", out var definition) ? definition.GetString() : null,
                    Inputs = Strings(workflow.Value, "inputs"),
                    Variables = Strings(contexts, workflow.Name),
                    Steps = steps,
                });
            }

            return new RunResult
            {
                Status = RunStatusOf(root.GetProperty("status").GetString()),
                StartedAt = root.GetProperty("started_at").GetDateTimeOffset(),
                Duration = TimeSpan.FromMilliseconds(root.GetProperty("duration_ms").GetDouble()),
                Workflows = workflows,
                Error = OptionalString(root, "error"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not a readable run file: {e.Message}", e);
        }
    }

    private static StepResult Step(JsonElement step, JsonElement channels, string workflow)
    {
        var name = step.GetProperty("name").GetString()!;
        var output = channels.TryGetProperty(workflow + "." + name, out var channel) && channel.GetProperty("val").ValueKind == JsonValueKind.String
            ? channel.GetProperty("val").GetString()
            : null;
        var metrics = step.EnumerateObject()
            .Where(p => !KnownFields.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        return new StepResult
        {
            Name = name,
            Kind = step.GetProperty("type").GetString()!,
            Status = StepStatusOf(step.GetProperty("status").GetString()),
            Output = output,
            Error = OptionalString(step, "error"),
            StartedAt = step.TryGetProperty("started_at", out var started) ? started.GetDateTimeOffset() : null,
            Duration = Duration(step),
            ExitCode = step.TryGetProperty("exit_code", out var exitCode) ? exitCode.GetInt32() : null,
            ContinuedOnError = step.TryGetProperty("continue_on_error", out var continued) && continued.GetBoolean(),
            AfterCancellation = step.TryGetProperty("after_cancellation", out var after) && after.GetBoolean(),
            Resumed = step.TryGetProperty("resumed", out var resumed) && resumed.GetBoolean(),
            Worker = OptionalString(step, "worker"),
            Attempts = step.TryGetProperty("attempts", out var stepAttempts) ? stepAttempts.GetInt32() : null,
            InputTokens = OptionalLong(step, "input_tokens"),
            OutputTokens = OptionalLong(step, "output_tokens"),
            Metrics = metrics.Count > 0 ? metrics : null,
            Items = step.TryGetProperty("items", out var items) ? items.EnumerateArray().Select(i => Item(i, channels)).ToList() : null,
            Reply = OptionalString(step, "reply"),
            Call = Call(step, channels),
        };
    }

    /// <summary>The called workflow's run nested under a step or item: its status and steps (a called run's variables are not written).</summary>
    private static WorkflowResult? Call(JsonElement parent, JsonElement channels)
    {
        if (!parent.TryGetProperty("workflow", out var call) || call.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var name = call.GetProperty("name").GetString()!;
        return new WorkflowResult
        {
            Name = name,
            Status = RunStatusOf(call.GetProperty("status").GetString()),
            DefinitionHash = call.TryGetProperty("definition", out var definition) ? definition.GetString() : null,
            Variables = new Dictionary<string, string>(),
            Steps = call.GetProperty("steps").EnumerateArray().Select(s => Step(s, channels, name)).ToList(),
        };
    }

    private static ItemResult Item(JsonElement item, JsonElement channels) => new()
    {
        Index = item.GetProperty("index").GetInt32(),
        Status = StepStatusOf(item.GetProperty("status").GetString()),
        Output = OptionalString(item, "output"),
        Resumed = item.TryGetProperty("resumed", out var resumed) && resumed.GetBoolean(),
        Worker = OptionalString(item, "worker"),
        Attempts = item.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : null,
        Error = OptionalString(item, "error"),
        StartedAt = item.TryGetProperty("started_at", out var started) ? started.GetDateTimeOffset() : null,
        Duration = Duration(item),
        InputTokens = OptionalLong(item, "input_tokens"),
        OutputTokens = OptionalLong(item, "output_tokens"),
        Reply = OptionalString(item, "reply"),
        Call = Call(item, channels),
    };

    private static TimeSpan Duration(JsonElement element) =>
        element.TryGetProperty("duration_ms", out var duration) ? TimeSpan.FromMilliseconds(duration.GetDouble()) : TimeSpan.Zero;

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalLong(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetInt64() : null;

    private static SortedDictionary<string, string> Strings(JsonElement parent, string name)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (parent.TryGetProperty(name, out var element))
        {
            foreach (var property in element.EnumerateObject())
            {
                values[property.Name] = property.Value.GetString() ?? string.Empty;
            }
        }

        return values;
    }

    private static RunStatus RunStatusOf(string? name) =>
        Enum.GetValues<RunStatus>().FirstOrDefault(s => RunFile.Name(s) == name, RunStatus.Failed);

    private static StepStatus StepStatusOf(string? name) =>
        Enum.GetValues<StepStatus>().Any(s => RunFile.Name(s) == name)
            ? Enum.GetValues<StepStatus>().First(s => RunFile.Name(s) == name)
            : throw new FormatException(string.Format(CultureInfo.InvariantCulture, "unknown step status '{0}'", name));
}
