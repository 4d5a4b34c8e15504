using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every difference between two run files of the same work, by JSON path, after blanking only what differs between any
/// two runs whatever the engine. Stricter than <c>RunFileComparison</c>: a time is blanked, not removed, so a step that
/// started under one engine and not under the other (a <c>started_at</c> present on one side only) is still a difference.
/// </summary>
internal static class RunFileDifferences
{
    /// <summary>A field's value that varies between two runs of the same work; what it is replaced with.</summary>
    private static readonly Dictionary<string, JsonNode> Blanked = new(StringComparer.Ordinal)
    {
        // The clock: when a run, step or item started, and how long it took. Two runs never agree on either.
        ["started_at"] = JsonValue.Create("<time>"),
        ["duration_ms"] = JsonValue.Create(0),

        // local_llm's timings (LocalChatClient's record of the model load, the wait for a sequence slot, the prompt's
        // decoding and generation): clock readings too. Its other fields (model_loads, threads, tokens) are compared.
        ["load_ms"] = JsonValue.Create(0),
        ["queue_ms"] = JsonValue.Create(0),
        ["prompt_ms"] = JsonValue.Create(0),
        ["generation_ms"] = JsonValue.Create(0),
    };

    /// <summary>
    /// Fields only the durable engine writes, by design: which worker process ran a step or an item (docs/durable.md, "each
    /// step and item also records worker"). Its value is the machine name and process id, different in every run.
    /// </summary>
    private static readonly HashSet<string> DurableOnly = new(StringComparer.Ordinal) { "worker" };

    /// <summary>The run file's JSON with the varying fields blanked and the durable-only ones removed.</summary>
    public static JsonNode Normalize(string runFileJson)
    {
        var root = JsonNode.Parse(runFileJson) ?? throw new InvalidOperationException("The run file is empty.");
        Normalize(root);
        return root;
    }

    /// <summary>Every difference between the two normalized run files: one line per JSON path, embedded value then durable value.</summary>
    public static List<Difference> Between(string embeddedJson, string durableJson)
    {
        var differences = new List<Difference>();
        Compare("$", Normalize(embeddedJson), Normalize(durableJson), differences);
        return differences;
    }

    private static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (DurableOnly.Contains(name))
                    {
                        obj.Remove(name);
                    }
                    else if (Blanked.TryGetValue(name, out var blank) && child is JsonValue)
                    {
                        obj[name] = blank.DeepClone();
                    }
                    else
                    {
                        Normalize(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Normalize(child);
                }

                break;
        }
    }

    private static void Compare(string path, JsonNode? embedded, JsonNode? durable, List<Difference> differences)
    {
        if (embedded is JsonObject left && durable is JsonObject right)
        {
            foreach (var name in left.Select(p => p.Key).Union(right.Select(p => p.Key), StringComparer.Ordinal))
            {
                var child = path + "." + name;
                var inLeft = left.TryGetPropertyValue(name, out var leftValue);
                var inRight = right.TryGetPropertyValue(name, out var rightValue);
                if (inLeft && inRight)
                {
                    Compare(child, leftValue, rightValue, differences);
                }
                else
                {
                    differences.Add(new Difference(child, inLeft ? Text(leftValue) : Absent, inRight ? Text(rightValue) : Absent));
                }
            }
        }
        else if (embedded is JsonArray leftArray && durable is JsonArray rightArray)
        {
            for (var i = 0; i < Math.Max(leftArray.Count, rightArray.Count); i++)
            {
                var child = path + "[" + Label(leftArray, rightArray, i) + "]";
                if (i < leftArray.Count && i < rightArray.Count)
                {
                    Compare(child, leftArray[i], rightArray[i], differences);
                }
                else
                {
                    differences.Add(new Difference(child, i < leftArray.Count ? Text(leftArray[i]) : Absent, i < rightArray.Count ? Text(rightArray[i]) : Absent));
                }
            }
        }
        else if (!JsonNode.DeepEquals(embedded, durable))
        {
            differences.Add(new Difference(path, Text(embedded), Text(durable)));
        }
    }

    private const string Absent = "<absent>";

    /// <summary>An array element's label: a step's name where it has one (readable paths), else its position.</summary>
    private static string Label(JsonArray left, JsonArray right, int index)
    {
        var element = index < left.Count ? left[index] : right[index];
        return element is JsonObject obj && obj.TryGetPropertyValue("name", out var name) && name is JsonValue value && value.TryGetValue<string>(out var text)
            ? index.ToString(CultureInfo.InvariantCulture) + ":" + text
            : index.ToString(CultureInfo.InvariantCulture);
    }

    private static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    /// <summary>One field that differs: where, what the embedded engine wrote, what the durable engine wrote.</summary>
    internal sealed record Difference(string Path, string Embedded, string Durable)
    {
        public override string ToString() => $"{Path}: embedded {Embedded} | durable {Durable}";
    }
}
