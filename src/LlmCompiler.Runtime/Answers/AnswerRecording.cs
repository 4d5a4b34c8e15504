using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// Answers in a recording directory (<c>--record</c>, <c>--replay</c>), beside the model calls: one file per question,
/// <c>answers/{workflow.step}.json</c>, with the value and the original record, so a replay answers as the recorded
/// run was answered and says by whom.
/// </summary>
internal sealed class AnswerRecording(ModelRecordingOptions options)
{
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public (string Value, AnswerRecord Record)? Replay(string key)
    {
        if (options.Mode != ModelRecordingMode.Replay)
        {
            return null;
        }

        var path = PathOf(key);
        if (!File.Exists(path))
        {
            throw new StepFailedException($"--replay: no recorded answer to {key} in '{Path.GetDirectoryName(path)}'");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return (root.GetProperty("value").GetString()!, AnswerJson.ReadRecord(root));
    }

    public void Record(string key, string value, AnswerRecord record)
    {
        if (options.Mode != ModelRecordingMode.Record)
        {
            return;
        }

        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, Writer);
        writer.WriteStartObject();
        writer.WriteString("question", key);
        writer.WriteString("value", value);
        AnswerJson.WriteRecord(writer, record);
        writer.WriteEndObject();
    }

    private string PathOf(string key) => Path.Combine(options.Directory, "answers", key + ".json");
}

/// <summary>How an <see cref="AnswerRecord"/> is spelled wherever it is written: <c>who</c>, <c>when</c>, <c>via</c>.</summary>
internal static class AnswerJson
{
    public static void WriteRecord(Utf8JsonWriter writer, AnswerRecord record)
    {
        writer.WriteString("who", record.Who);
        writer.WriteString("when", record.When);
        writer.WriteString("via", record.Via);
    }

    public static AnswerRecord ReadRecord(JsonElement element) =>
        new(element.GetProperty("who").GetString()!, element.GetProperty("when").GetDateTimeOffset(), element.GetProperty("via").GetString()!);
}
