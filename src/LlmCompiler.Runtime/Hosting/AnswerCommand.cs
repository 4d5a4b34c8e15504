using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmCompiler.Runtime.Answers;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// <c>app answer workflow.step value [--run-file F]</c>: answers an input step. A program running with that run file is
/// reached through its Unix socket (<see cref="AnswerSocket"/>) and decides itself; a parked run (status
/// <c>waiting</c>) gets the answer written into its run file, for <c>--resume</c>. Anything refused — an unknown
/// workflow, step or option, a schema failure, a second answer, a step not waiting — changes nothing and exits 2.
/// </summary>
internal static partial class AnswerCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(IReadOnlyList<Workflow> workflows, string programName, Option<string?> runFileOption, Action<int> exit)
    {
        var question = new Argument<string>("question") { Description = "The input step: workflow.step, or workflow.step[index] for one item of a foreach step." };
        var value = new Argument<string>("value") { Description = "The answer: one of the step's options, or JSON valid for its schema." };
        var runId = new Option<string?>("--run-id") { Description = "The run's id, for a durable engine's run (the embedded engine's runs are named by their run file).", HelpName = "id" };
        var command = new Command("answer", "Answer an input step of a running program (through its local socket) or of a parked run (in its run file; then --resume it).")
        {
            question, value, runFileOption, runId,
        };
        command.SetAction(async (parse, token) =>
        {
            var (code, message) = await AnswerAsync(
                workflows, programName, parse.GetValue(question)!, parse.GetValue(value)!, parse.GetValue(runFileOption), parse.GetValue(runId), token).ConfigureAwait(false);
            (code == 0 ? Console.Out : Console.Error).WriteLine(code == 0 ? message : "error: " + message);
            exit(code);
        });
        return command;
    }

    /// <summary>Answers and says what happened: exit code 0 with what was done, or 2 with why nothing was.</summary>
    internal static async Task<(int Code, string Message)> AnswerAsync(
        IReadOnlyList<Workflow> workflows, string programName, string key, string value, string? runFile, string? runId, CancellationToken cancellationToken)
    {
        if (Find(workflows, key, out var step) is { } unknown)
        {
            return (2, unknown);
        }

        if (AnswerRules.Check(step!, value, out var problem) is null)
        {
            return (2, $"{key}: {problem}");
        }

        if (runId is not null)
        {
            return (2, "--run-id names a durable engine's run, and answering durable runs is not available yet; give the run file of an embedded run with --run-file");
        }

        var path = Path.GetFullPath(WorkflowProgram.RunFilePath(runFile, programName));
        var who = Environment.UserName;
        var (reached, error) = await AnswerSocket.SendAsync(AnswerSocketPath.For(path), key, value, who, cancellationToken).ConfigureAwait(false);
        if (reached)
        {
            return error is null ? (0, $"answered {key}") : (2, error);
        }

        return await RecordAsync(path, key, value, who, programName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The input step a written question names, or why there is none (with the names it could have meant).</summary>
    private static string? Find(IReadOnlyList<Workflow> workflows, string key, out InputStep? step)
    {
        step = null;
        var match = QuestionPattern().Match(key);
        if (!match.Success)
        {
            return $"'{key}' is not workflow.step (or workflow.step[index] for an item)";
        }

        var workflowName = match.Groups[1].Value;
        var stepName = match.Groups[2].Value;
        if (workflows.FirstOrDefault(w => w.Name == workflowName) is not { } workflow)
        {
            return $"no workflow '{workflowName}' in this program; it has {string.Join(", ", workflows.Select(w => w.Name))}";
        }

        var inputs = workflow.Steps.OfType<InputStep>().Select(s => s.Name).ToList();
        var named = workflow.Steps.FirstOrDefault(s => s.Name == stepName);
        if (named is InputStep input)
        {
            step = input;
            return match.Groups[3].Success && input.Foreach is null ? $"step '{stepName}' has no foreach items: answer {workflowName}.{stepName}" : null;
        }

        var known = inputs.Count == 0 ? $"workflow '{workflowName}' has no input steps" : $"its input steps are {string.Join(", ", inputs)}";
        return named is null
            ? $"workflow '{workflowName}' has no step '{stepName}'; {known}"
            : $"step '{workflowName}.{stepName}' is a {named.Kind} step, not an input step; {known}";
    }

    /// <summary>Writes the answer into a parked run's file, after checking that the run waits for exactly this question.</summary>
    private static async Task<(int, string)> RecordAsync(string path, string key, string value, string who, string programName, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return (2, $"no run to answer: no program runs with the run file '{path}', and there is no such file");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))?.AsObject() ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            return (2, $"'{path}' is not a readable run file: {e.Message}");
        }

        var status = root["status"]?.GetValue<string>();
        if (status != RunFile.Name(RunStatus.Waiting))
        {
            return (2, $"the run in '{path}' is {status ?? "of unknown status"}, not waiting for an answer (and no program runs with it)");
        }

        var answers = root[RunFileQuestions.AnswersName] as JsonArray;
        if (answers?.Any(a => a?["question"]?.GetValue<string>() == key) == true)
        {
            return (2, $"{key} has already been answered in '{path}'");
        }

        var waiting = (root[RunFileQuestions.QuestionsName] as JsonArray)?.Select(q => q?["question"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
        if (!waiting.Contains(key))
        {
            return (2, $"{key} is not waiting for an answer in '{path}'; the run waits for {(waiting.Count == 0 ? "nothing" : string.Join(", ", waiting))}");
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RunFileQuestions.WriteAnswer(writer, new AnsweredQuestion(key, value, new AnswerRecord(who, DateTimeOffset.UtcNow, AnswerRecord.Cli)));
        }

        if (answers is null)
        {
            answers = [];
            root[RunFileQuestions.AnswersName] = answers;
        }

        answers.Add(JsonNode.Parse(buffer.WrittenSpan));
        var temporary = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await using var writer = new Utf8JsonWriter(stream, WriterOptions);
            root.WriteTo(writer);
        }

        File.Move(temporary, path, overwrite: true);
        var left = waiting.Count - answers.Count;
        return (0, $"recorded the answer to {key} in '{path}'; " + (left > 0
            ? $"{left} more question(s) wait, then continue with: {programName} --resume {path}"
            : $"continue the run with: {programName} --resume {path}"));
    }

    [GeneratedRegex(@"^([^.\[\]]+)\.([^.\[\]]+)(?:\[(\d+)\])?$")]
    private static partial Regex QuestionPattern();
}
