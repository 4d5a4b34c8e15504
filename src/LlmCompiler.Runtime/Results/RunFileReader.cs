using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>Reads a run file back into a <see cref="RunResult"/>: what <c>--resume</c> restores from, and how the durable engine's
/// orchestrations hand records to each other.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RunFileReader
{
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

            return Answers.RunFileQuestions.Read(root, new RunResult
            {
                Status = RunStatusOf(root.GetProperty("status").GetString()),
                StartedAt = root.GetProperty("started_at").GetDateTimeOffset(),
                Duration = TimeSpan.FromMilliseconds(root.GetProperty("duration_ms").GetDouble()),
                Workflows = workflows,
                Error = RunFileFields.OptionalString(root, "error"),
            });
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
        return RunFileFields.Read(step, new StepResult
        {
            Name = name,
            Kind = step.GetProperty("type").GetString()!,
            Status = StepStatusOf(step.GetProperty("status").GetString()),
            Output = output,
            ContinuedOnError = RunFileFields.Flag(step, "continue_on_error"),
            AfterCancellation = RunFileFields.Flag(step, "after_cancellation"),
            Items = step.TryGetProperty("items", out var items) ? items.EnumerateArray().Select(i => Item(i, channels)).ToList() : null,
            Iterations = step.TryGetProperty(RunFileFields.IterationsName, out var iterations)
                ? iterations.EnumerateArray().Select(i => Item(i, channels, RunFileFields.IterationName)).ToList()
                : null,
            Call = Call(step, channels),
        });
    }

    /// <summary>The called workflow's run nested under a step or item: its status and steps (a called run's variables are not written).</summary>
    private static WorkflowResult? Call(JsonElement parent, JsonElement channels)
    {
        if (!parent.TryGetProperty(RunFileFields.CallName, out var call) || call.ValueKind != JsonValueKind.Object)
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

    private static ItemResult Item(JsonElement item, JsonElement channels, string indexName = "index") => RunFileFields.Read(item, new ItemResult
    {
        Index = item.GetProperty(indexName).GetInt32(),
        Status = StepStatusOf(item.GetProperty("status").GetString()),
        Output = RunFileFields.OptionalString(item, "output"),
        Call = Call(item, channels),
    });

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
