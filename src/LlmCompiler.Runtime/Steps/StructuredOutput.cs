using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Json.Schema;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// What <see cref="WorkflowStep.OutputSchema"/> means on a step's output text: parsed as JSON, validated against the
/// schema, and rewritten as compact JSON for the output variable. Every step type goes through here, so an output
/// means the same whichever runner produced it.
/// </summary>
internal static class StructuredOutput
{
    /// <summary>How much of an invalid output an error quotes.</summary>
    private const int QuoteLength = 120;

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>Schemas built once per distinct text: a foreach step validates every item against the same one.</summary>
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>Parses the schema text (the compiler emits it, so it is valid JSON) as the element a response format carries.</summary>
    public static JsonElement SchemaElement(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    /// <summary>Returns the output as compact JSON, or <see langword="null"/> with the reason in <paramref name="error"/>.</summary>
    /// <param name="schema">The step's <see cref="WorkflowStep.OutputSchema"/>.</param>
    /// <param name="text">The output as the step produced it.</param>
    /// <param name="error">Where the text stops being JSON, or which values break the schema.</param>
    public static string? Validate(string schema, string text, out string error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            error = NotJson(text, e);
            return null;
        }

        using (document)
        {
            var results = Schemas.GetOrAdd(schema, Build).Evaluate(document.RootElement, Evaluation);
            if (!results.IsValid)
            {
                error = "it does not match the schema: " + Describe(results);
                return null;
            }

            error = string.Empty;
            return Compact(document.RootElement);
        }
    }

    /// <summary>The start of <paramref name="text"/>, for an error message.</summary>
    public static string Quote(string text) =>
        "'" + (text.Length <= QuoteLength ? text : string.Concat(text.AsSpan(0, QuoteLength), "…")) + "'";

    /// <summary>Removes one Markdown code fence around a model's reply (<c>```json … ```</c>), which chat models add out of habit.</summary>
    public static string Unfence(string reply)
    {
        var text = reply.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLine < 0 ? text : text[(firstLine + 1)..^3].Trim();
    }

    private static JsonSchema Build(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return JsonSchema.Build(document.RootElement.Clone());
    }

    /// <summary>Where the text stops being JSON, so the user sees where it went wrong.</summary>
    private static string NotJson(string text, JsonException e) =>
        text.Length == 0 ? "it is empty, not JSON" : "it is not JSON: " + JsonBreak.Where(text, e);

    /// <summary>Each failing location with its messages, in document order: "/label: value should be one of …".</summary>
    private static string Describe(EvaluationResults results)
    {
        var problems = new List<string>();
        foreach (var node in (IEnumerable<EvaluationResults>?)results.Details ?? [])
        {
            if (node.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var at = node.InstanceLocation.ToString();
            foreach (var message in errors.Values)
            {
                var problem = $"{(at.Length == 0 ? "(root)" : at)}: {message}";
                if (!problems.Contains(problem))
                {
                    problems.Add(problem);
                }
            }
        }

        if (results.Errors is { Count: > 0 } top)
        {
            problems.AddRange(top.Values.Select(m => "(root): " + m).Where(p => !problems.Contains(p)));
        }

        return problems.Count == 0 ? "(no detail)" : string.Join("; ", problems);
    }

    private static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
