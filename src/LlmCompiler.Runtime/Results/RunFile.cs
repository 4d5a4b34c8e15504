using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmCompiler.Runtime;

/// <summary>Writes the run file: a JSON record of a run that tools and people can read afterwards.</summary>
/// <remarks>
/// The layout keeps the original's <c>contexts</c> (workflow → variables) and <c>channels</c>
/// (<c>workflow.step</c> → <c>{val, err}</c>) and adds <c>workflows</c> with each step's status and timings.
/// The file is written to a temporary name and renamed, so a reader never sees half a file.
/// </remarks>
public static class RunFile
{
    /// <summary>The version of the run file layout. It grows when fields change meaning or disappear.</summary>
    public const int SchemaVersion = 1;

    /// <summary>How much the writer buffers before it writes to the file.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Payloads are stored and read back by engines, never by people: no indentation for their nesting (a foreach's items
    // are four levels deep) means fewer bytes stored, sent and parsed; records past 30,720 characters cost the durable
    // engine a blob.
    private static readonly JsonWriterOptions PayloadOptions = WriterOptions with { Indented = false };

    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/>, replacing any earlier file atomically.</summary>
    /// <param name="path">The run file's path.</param>
    /// <param name="result">The run to record.</param>
    /// <param name="program">The program name recorded in the file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync(string path, RunResult result, string program, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(result);
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await using var writer = new Utf8JsonWriter(stream, WriterOptions);
                Write(writer, result, program);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a run file written by <see cref="WriteAsync"/>, for <see cref="WorkflowRunOptions.ResumeFrom"/>.</summary>
    /// <param name="path">The run file's path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The recorded run: statuses, outputs (items' too), variables, inputs and definition hashes.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a run file of this <see cref="SchemaVersion"/>.</exception>
    public static async Task<RunResult> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return RunFileReader.Parse(text);
    }

    /// <summary>The run file's content for <paramref name="result"/>, without indentation: how the durable engine hands results between processes.</summary>
    /// <param name="result">The run (one workflow's, for a durable sub-orchestration).</param>
    /// <param name="program">The program name recorded in it.</param>
    /// <returns>The run file's JSON text, unindented.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static string ToJson(RunResult result, string program)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, PayloadOptions))
        {
            Write(writer, result, program);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, RunResult result, string program)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schema_version", SchemaVersion);
        writer.WriteString("program", program);
        writer.WriteString("status", Name(result.Status));
        writer.WriteNumber("exit_code", result.ExitCode);
        if (result.Error is { } error)
        {
            writer.WriteString("error", error);
        }

        writer.WriteString("started_at", result.StartedAt);
        writer.WriteNumber("duration_ms", Math.Round(result.Duration.TotalMilliseconds, 3));
        writer.WriteStartObject("edition");
        writer.WriteString("name", result.Edition ?? "community");
        WriteNullable(writer, "notice", result.EditionNotice);
        writer.WriteEndObject();

        writer.WriteStartObject("contexts");
        foreach (var workflow in result.Workflows)
        {
            writer.WriteStartObject(workflow.Name);
            foreach (var (name, value) in workflow.Variables)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();

        writer.WriteStartObject("channels");
        foreach (var workflow in result.Workflows)
        {
            foreach (var step in workflow.Steps)
            {
                if (step.Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Cancelled or StepStatus.Waiting)
                {
                    writer.WriteStartObject(workflow.Name + "." + step.Name);
                    WriteNullable(writer, "val", step.Output);
                    WriteNullable(writer, "err", step.Error);
                    writer.WriteEndObject();
                }
            }
        }

        writer.WriteEndObject();

        writer.WriteStartObject("workflows");
        foreach (var workflow in result.Workflows)
        {
            writer.WriteStartObject(workflow.Name);
            writer.WriteString("status", Name(workflow.Status));
            if (workflow.DefinitionHash is { } definition)
            {
                writer.WriteString("definition", definition);
            }

            writer.WriteStartObject("inputs");
            foreach (var (name, value) in workflow.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("steps");
            foreach (var step in workflow.Steps)
            {
                WriteStep(writer, step);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        Answers.RunFileQuestions.Write(writer, result);
        writer.WriteEndObject();
    }

    /// <summary>One step: its name and type, then the fields an item has too (<see cref="RunFileFields"/>), its own, its items and its call.</summary>
    private static void WriteStep(Utf8JsonWriter writer, StepResult step)
    {
        writer.WriteStartObject();
        writer.WriteString("name", step.Name);
        writer.WriteString("type", step.Kind);
        writer.WriteString("status", Name(step.Status));
        if (step.ContinuedOnError)
        {
            writer.WriteBoolean("continue_on_error", true);
        }

        if (step.AfterCancellation)
        {
            writer.WriteBoolean("after_cancellation", true);
        }

        RunFileFields.Write(writer, step);
        RunFileFields.WriteMetrics(writer, step);
        if (step.Items is { } items)
        {
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                WriteItem(writer, item);
                FlushIfFull(writer);
            }

            writer.WriteEndArray();
        }

        if (step.Iterations is { } iterations)
        {
            writer.WriteStartArray(RunFileFields.IterationsName);
            foreach (var iteration in iterations)
            {
                WriteItem(writer, iteration, RunFileFields.IterationName);
                FlushIfFull(writer);
            }

            writer.WriteEndArray();
        }

        WriteCall(writer, step.Call);
        writer.WriteEndObject();
    }

    /// <summary>A called workflow's run, under the step (or item) that called it: its status and its steps, nested alike.</summary>
    private static void WriteCall(Utf8JsonWriter writer, WorkflowResult? call)
    {
        if (call is null)
        {
            return;
        }

        writer.WriteStartObject(RunFileFields.CallName);
        writer.WriteString("name", call.Name);
        writer.WriteString("status", Name(call.Status));
        if (call.DefinitionHash is { } definition)
        {
            // Lets --resume name the called workflow that changed.
            writer.WriteString("definition", definition);
        }

        writer.WriteStartArray("steps");
        foreach (var step in call.Steps)
        {
            WriteStep(writer, step);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Hands what is written so far to the file: <see cref="Utf8JsonWriter"/> over a stream buffers everything until
    /// flushed, so a step of 100,000 items would otherwise hold the whole file (tens of MB, grown by doubling) in memory.
    /// </summary>
    private static void FlushIfFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending >= FlushThreshold)
        {
            writer.Flush();
        }
    }

    /// <summary>One item of a foreach step (or iteration of a loop, numbered by <paramref name="indexName"/>): the same names as a step's fields, so readers need one vocabulary.</summary>
    private static void WriteItem(Utf8JsonWriter writer, ItemResult item, string indexName = "index")
    {
        writer.WriteStartObject();
        writer.WriteNumber(indexName, item.Index);
        writer.WriteString("status", Name(item.Status));
        RunFileFields.Write(writer, item);

        // An item's own output, so --resume restores the items that succeeded in a step that failed as a whole.
        if (item.Output is { } output)
        {
            writer.WriteString("output", output);
        }

        RunFileFields.WriteMetrics(writer, item);
        WriteCall(writer, item.Call);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value) => RunFileFields.Nullable(writer, name, value);

    /// <summary>A status as the run file, the console and telemetry spell it.</summary>
    internal static string Name(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Cancelled => "cancelled",
        RunStatus.Waiting => "waiting",
        _ => "failed",
    };

    /// <summary>A step or item status as the run file and telemetry spell it.</summary>
    internal static string Name(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "succeeded",
        StepStatus.Skipped => "skipped",
        StepStatus.Failed => "failed",
        StepStatus.Cancelled => "cancelled",
        StepStatus.Waiting => "waiting",
        _ => "not_run",
    };
}
