using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmCompiler.Tests.Shared;

/// <summary>A run file's text without what differs between two runs of the same work (times, workers): how tests compare the two engines' run files.</summary>
internal static class RunFileComparison
{
    private static readonly string[] Varying = ["started_at", "duration_ms", "worker"];

    public static string Comparable(string runFileJson)
    {
        var root = JsonNode.Parse(runFileJson)!;
        Strip(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in Varying)
                {
                    obj.Remove(name);
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }
}
