using System.Collections.Concurrent;
using System.Globalization;

namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// The answers of one run: where a question's answer comes from, in order — a scripted one (tests), a recorded one
/// (<c>--replay</c>), one given to the parked run (<c>app answer --run-file</c>, read back by <c>--resume</c>) — else the
/// run parks (<c>--park</c>) or waits for one on the command-line channel until the step's timeout. Every channel gives
/// the same record: who, when and via.
/// </summary>
internal sealed class RunAnswers : IAsyncDisposable
{
    private readonly Dictionary<string, string> _scripted;
    private readonly Dictionary<string, AnsweredQuestion> _given;
    private readonly AnswerRecording? _recording;
    private readonly AnswerChannels? _channels;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _answered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Question> _parked = new();
    private readonly object _socketLock = new();
    private AnswerSocket? _socket;

    public RunAnswers(WorkflowRunOptions options, TextWriter log)
    {
        _scripted = new Dictionary<string, string>(options.Answers, StringComparer.Ordinal);
        _given = options.ResumeFrom?.Answers.ToDictionary(a => a.Question, StringComparer.Ordinal) ?? new Dictionary<string, AnsweredQuestion>(StringComparer.Ordinal);
        _recording = options.Recording is { } recording ? new AnswerRecording(recording) : null;
        _channels = options.AnswerChannels;
        _log = log;
    }

    /// <summary>Gets the questions the run parked on, in the order they were asked.</summary>
    public IReadOnlyList<Question> Parked => [.. _parked];

    /// <summary>Asks <paramref name="question"/> and returns its answer (the step's output) and record.</summary>
    /// <exception cref="AnswerParkedException">The run parks: nobody is asked now.</exception>
    /// <exception cref="StepFailedException">A given answer is invalid, or the timeout passed without a default.</exception>
    public async Task<(string Output, AnswerRecord Record)> AskAsync(Question question, CancellationToken cancellationToken)
    {
        var key = question.Key;
        if (Scripted(question) is { } scripted)
        {
            return Accept(question, scripted, new AnswerRecord(AnswerRecord.Test, DateTimeOffset.UtcNow, AnswerRecord.Test));
        }

        if (_recording?.Replay(key) is { } replayed)
        {
            return Accept(question, replayed.Value, replayed.Record);
        }

        if (_given.TryGetValue(key, out var given))
        {
            return Accept(question, given.Value, given.Record);
        }

        if (_channels is { Park: true })
        {
            // The one line a parked question gets (the step's own end line says nothing more): what answers it, and how to go on.
            _log.WriteLine($"{Core.StepLines.Prefix(question.Workflow, question.Step.Name, question.Index)}parked, waiting for an answer: {Command(question)}; then --resume {Quote(_channels.RunFile)}");
            _parked.Enqueue(question);
            throw new AnswerParkedException(key);
        }

        if (_channels is null && (question.Step.Timeout is null || question.Step.Default is null))
        {
            // Outside a generated program's run (a test, a host calling WorkflowRunner, a durable worker) nobody can be
            // asked, and nothing would end the wait.
            throw new StepFailedException($"no answer to {key}: nobody can be asked here (only a generated program's embedded run waits for answers); give one in WorkflowRunOptions.Answers (WithAnswer in tests)");
        }

        var waiting = new Waiting(question);
        _waiting[key] = waiting;
        try
        {
            EnsureSocket();
            _log.WriteLine($"{Core.StepLines.Prefix(question.Workflow, question.Step.Name, question.Index)}waiting for an answer: {Command(question)}");
            using var timeout = question.Step.Timeout is { } limit ? new CancellationTokenSource(limit) : null;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
            try
            {
                var (value, record) = await waiting.Answer.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                return Record(key, value, record);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is not null)
            {
                if (question.Step.Default is not { } fallback)
                {
                    throw new StepFailedException(string.Create(CultureInfo.InvariantCulture, $"no answer within {question.Step.Timeout!.Value.TotalSeconds:0.###} s (timeout) and no default"));
                }

                return Accept(question, fallback, new AnswerRecord(AnswerRecord.Timeout, DateTimeOffset.UtcNow, AnswerRecord.Timeout));
            }
        }
        finally
        {
            _waiting.TryRemove(key, out _);
        }
    }

    /// <summary>An answer from a channel: taken if the question waits and the answer fits; otherwise why not, and nothing changes.</summary>
    public string? Submit(string key, string value, AnswerRecord record)
    {
        if (!_waiting.TryGetValue(key, out var waiting))
        {
            return _answered.ContainsKey(key) ? $"{key} has already been answered" : $"{key} is not waiting for an answer (yet)";
        }

        if (waiting.Question.Check(value, out var problem) is not { } output)
        {
            return problem;
        }

        return waiting.Answer.TrySetResult((output, record)) ? null : $"{key} has already been answered";
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { } socket)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The exact command that answers <paramref name="question"/>, as the waiting line prints it.</summary>
    internal string Command(Question question)
    {
        var value = question.Step.Options.Count > 0 ? string.Join("|", question.Step.Options) : question.Step.OutputSchema is null ? "<text>" : "<json>";
        var runFile = _channels is { } channels ? $" --run-file {Quote(channels.RunFile)}" : string.Empty;
        return $"{_channels?.Program ?? "app"} answer {question.Key} {Quote(value)}{runFile}";
    }

    private static string Quote(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '[' or ']') ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private string? Scripted(Question question) =>
        _scripted.TryGetValue(question.Key, out var item) ? item
        : question.Index is not null && _scripted.TryGetValue(Keys.Of(question.Workflow, question.Step.Name, null), out var all) ? all
        : null;

    private (string, AnswerRecord) Accept(Question question, string value, AnswerRecord record)
    {
        var output = question.Check(value, out var problem) ?? throw new StepFailedException($"the answer to {question.Key} ({record.Via}) is refused: {problem}");
        return Record(question.Key, output, record);
    }

    private (string, AnswerRecord) Record(string key, string output, AnswerRecord record)
    {
        _answered[key] = true;
        _recording?.Record(key, output, record);
        return (output, record);
    }

    /// <summary>Starts listening on the command-line channel when the first question waits, and only in a generated program (which names a run file).</summary>
    private void EnsureSocket()
    {
        if (_channels is null)
        {
            return;
        }

        lock (_socketLock)
        {
            _socket ??= AnswerSocket.Listen(AnswerSocketPath.For(_channels.RunFile), this);
        }
    }

    private sealed class Waiting(Question question)
    {
        public Question Question { get; } = question;

        public TaskCompletionSource<(string Value, AnswerRecord Record)> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
