using System.Text.Json;

namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// The run file's <c>questions</c> (what a parked run waits for) and <c>answers</c> (what <c>app answer --run-file</c>
/// added since), written after <c>workflows</c> and only when there are any.
/// </summary>
internal static class RunFileQuestions
{
    public const string QuestionsName = "questions";

    public const string AnswersName = "answers";

    public static void Write(Utf8JsonWriter writer, RunResult result)
    {
        if (result.Questions.Count > 0)
        {
            writer.WriteStartArray(QuestionsName);
            foreach (var question in result.Questions)
            {
                writer.WriteStartObject();
                writer.WriteString("question", question.Question);
                writer.WriteString("prompt", question.Prompt);
                if (question.Options.Count > 0)
                {
                    writer.WriteStartArray("options");
                    foreach (var option in question.Options)
                    {
                        writer.WriteStringValue(option);
                    }

                    writer.WriteEndArray();
                }

                if (question.Schema is { } schema)
                {
                    writer.WritePropertyName("schema");
                    writer.WriteRawValue(schema);
                }

                if (question.Default is { } fallback)
                {
                    writer.WriteString("default", fallback);
                }

                writer.WriteString("command", question.Command);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (result.Answers.Count > 0)
        {
            writer.WriteStartArray(AnswersName);
            foreach (var answer in result.Answers)
            {
                WriteAnswer(writer, answer);
            }

            writer.WriteEndArray();
        }
    }

    public static void WriteAnswer(Utf8JsonWriter writer, AnsweredQuestion answer)
    {
        writer.WriteStartObject();
        writer.WriteString("question", answer.Question);
        writer.WriteString("value", answer.Value);
        AnswerJson.WriteRecord(writer, answer.Record);
        writer.WriteEndObject();
    }

    public static RunResult Read(JsonElement root, RunResult result) => result with
    {
        Questions = root.TryGetProperty(QuestionsName, out var questions)
            ? questions.EnumerateArray().Select(q => new PendingQuestion(
                q.GetProperty("question").GetString()!,
                q.GetProperty("prompt").GetString()!,
                q.TryGetProperty("options", out var options) ? options.EnumerateArray().Select(o => o.GetString()!).ToList() : [],
                q.TryGetProperty("schema", out var schema) ? schema.GetRawText() : null,
                q.TryGetProperty("default", out var fallback) ? fallback.GetString() : null,
                q.GetProperty("command").GetString()!)).ToList()
            : [],
        Answers = root.TryGetProperty(AnswersName, out var answers)
            ? answers.EnumerateArray().Select(a => new AnsweredQuestion(a.GetProperty("question").GetString()!, a.GetProperty("value").GetString()!, AnswerJson.ReadRecord(a))).ToList()
            : [],
    };
}
