using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Recording;

/// <summary>Passes a step's calls to the model and writes each answer to the recording directory (<c>--record</c>).</summary>
internal sealed class RecordingChatClient : DelegatingChatClient
{
    private readonly RecordingDirectory _directory;
    private readonly ModelStep _step;
    private readonly string _stepName;
    private readonly int? _item;

    /// <param name="inner">The client that reaches the model.</param>
    /// <param name="directory">Where recordings go.</param>
    /// <param name="step">The step whose calls these are (its type and schema belong to the key).</param>
    /// <param name="stepName">The step as <c>workflow.step</c>, written into the recording for readers.</param>
    /// <param name="item">The foreach item's index, written beside the step so a replay miss finds this item's recording first.</param>
    public RecordingChatClient(IChatClient inner, RecordingDirectory directory, ModelStep step, string stepName, int? item = null)
        : base(inner)
    {
        _directory = directory;
        _step = step;
        _stepName = stepName;
        _item = item;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The request is described before the call, so nothing an inner client does to the options changes the key.
        var sent = messages.ToList();
        var request = ModelRequest.Of(_step, sent, options);
        var response = await base.GetResponseAsync(sent, options, cancellationToken).ConfigureAwait(false);
        await _directory.WriteAsync(ModelRecording.Of(_stepName, _item, request, response, chunks: null), cancellationToken).ConfigureAwait(false);
        ReplySource.Mark(response, ReplySource.Recorded);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = messages.ToList();
        var request = ModelRequest.Of(_step, sent, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(sent, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Written only once the stream has ended: an abandoned stream leaves no partial answer behind.
        var chunks = updates.Select(u => u.Text).Where(t => t.Length > 0).ToList();
        await _directory.WriteAsync(ModelRecording.Of(_stepName, _item, request, updates.ToChatResponse(), chunks), cancellationToken).ConfigureAwait(false);
    }
}
