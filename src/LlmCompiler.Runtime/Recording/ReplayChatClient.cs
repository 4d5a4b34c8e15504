using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Recording;

/// <summary>
/// Answers a step's calls from the recording directory and never from a model (<c>--replay</c>). A request that was
/// never recorded fails the step with the missing key and what differs from the closest recording (the console line
/// and the run file name the step, so the message does not).
/// </summary>
internal sealed class ReplayChatClient : IChatClient
{
    private readonly RecordingDirectory _directory;
    private readonly ModelStep _step;
    private readonly string _stepName;
    private readonly int? _item;

    /// <param name="directory">Where the recordings are.</param>
    /// <param name="step">The step whose calls these are.</param>
    /// <param name="stepName">The step as <c>workflow.step</c>, to find its closest recording.</param>
    /// <param name="item">The foreach item's index, whose own recording is the closest one first.</param>
    public ReplayChatClient(RecordingDirectory directory, ModelStep step, string stepName, int? item = null)
    {
        _directory = directory;
        _step = step;
        _stepName = stepName;
        _item = item;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var recording = await FindAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var response = recording.ToResponse();
        ReplySource.Mark(response, ReplySource.Replayed);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var recording = await FindAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var updates = recording.ToUpdates().ToList();
        ReplySource.Mark(updates[^1], ReplySource.Replayed);
        foreach (var update in updates)
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Nothing is held open: each call reads its file.
    }

    private async Task<ModelRecording> FindAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var request = ModelRequest.Of(_step, messages, options);
        return await _directory.FindAsync(request, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException(Missing(request));
    }

    private string Missing(ModelRequest request)
    {
        var message = $"no recording for this request (key {request.Key}) in '{_directory.Path}'; replay never calls a model";
        if (RequestDifferences.Closest(_directory.All(), request, _stepName, _item) is not { } closest)
        {
            return message + ": the directory holds no recording. Record one with --record.";
        }

        var (recording, differences) = closest;
        var from = recording.Step.Length == 0 ? string.Empty
            : recording.Item is { } item ? $" (step '{recording.Step}', item {item})"
            : $" (step '{recording.Step}')";
        return $"{message}. The closest recording, {recording.Request.Key}{from}, differs in: {string.Join("; ", differences)}. Record again with --record to update it.";
    }
}
