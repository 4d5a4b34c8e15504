namespace LlmCompiler.Runtime.Recording;

/// <summary>What differs between a request and a recorded one, in words, for the error of a replay that finds no recording.</summary>
internal static class RequestDifferences
{
    /// <summary>How much of a differing text to show on each side of the first difference.</summary>
    private const int Context = 24;

    /// <summary>
    /// Finds the recording closest to <paramref name="request"/>: the same step's same foreach item (by index) first, then
    /// the same step's, then any; among those, the one with the fewest differences.
    /// </summary>
    /// <param name="recordings">The directory's recordings.</param>
    /// <param name="request">The request that has none.</param>
    /// <param name="step">The asking step, as <c>workflow.step</c>.</param>
    /// <param name="item">The asking foreach item's index, or <see langword="null"/> for a step's own call.</param>
    /// <returns>The recording and its differences, or <see langword="null"/> when the directory has no recording.</returns>
    public static (ModelRecording Recording, IReadOnlyList<string> Differences)? Closest(IEnumerable<ModelRecording> recordings, ModelRequest request, string step, int? item = null) =>
        recordings
            .Select(r => (Recording: r, Differences: Describe(r.Request, request)))
            .OrderBy(c => !string.Equals(c.Recording.Step, step, StringComparison.Ordinal) ? 2 : c.Recording.Item == item ? 0 : 1)
            .ThenBy(c => c.Differences.Count)
            .Select(c => ((ModelRecording, IReadOnlyList<string>)?)c)
            .FirstOrDefault();

    /// <summary>Lists each field that differs, with the recorded and the current value.</summary>
    public static IReadOnlyList<string> Describe(ModelRequest recorded, ModelRequest now)
    {
        var differences = new List<string>();
        Compare(differences, "type", recorded.Type, now.Type);
        Compare(differences, "model", recorded.Model, now.Model);
        var messages = Math.Max(recorded.Messages.Count, now.Messages.Count);
        for (var i = 0; i < messages; i++)
        {
            var before = i < recorded.Messages.Count ? recorded.Messages[i] : default;
            var after = i < now.Messages.Count ? now.Messages[i] : default;
            var name = (after.Role ?? before.Role) switch
            {
                "system" => "system prompt",
                "user" => "prompt",
                var role => $"{role} message",
            };
            if (before.Role != after.Role)
            {
                differences.Add($"message {i + 1}: recorded {before.Role ?? "none"}, now {after.Role ?? "none"}");
            }
            else if (before.Text != after.Text)
            {
                differences.Add($"{name} {TextDifference(before.Text, after.Text)}");
            }
        }

        var options = recorded.Options.Select(o => o.Name).Union(now.Options.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var option in options)
        {
            Compare(differences, option, Find(recorded, option), Find(now, option));
        }

        Compare(differences, "schema", recorded.Schema?.ToJsonString(), now.Schema?.ToJsonString());
        return differences;
    }

    private static string? Find(ModelRequest request, string option) =>
        request.Options.Where(o => o.Name == option).Select(o => o.Value.ToJsonString()).FirstOrDefault();

    private static void Compare(List<string> differences, string name, string? recorded, string? now)
    {
        if (!string.Equals(recorded, now, StringComparison.Ordinal))
        {
            differences.Add($"{name}: recorded {recorded ?? "none"}, now {now ?? "none"}");
        }
    }

    /// <summary>Where two texts first differ, with a little of each around that place.</summary>
    private static string TextDifference(string recorded, string now)
    {
        var at = 0;
        while (at < recorded.Length && at < now.Length && recorded[at] == now[at])
        {
            at++;
        }

        return $"differs at character {at + 1}: recorded \"{Around(recorded, at)}\", now \"{Around(now, at)}\"";
    }

    private static string Around(string text, int at)
    {
        var start = Math.Max(0, at - Context);
        var end = Math.Min(text.Length, at + Context);
        var piece = text[start..end].ReplaceLineEndings("\\n");
        return (start > 0 ? "…" : string.Empty) + piece + (end < text.Length ? "…" : string.Empty);
    }
}
