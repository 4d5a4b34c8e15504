using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime.Recording;

/// <summary>
/// The run's recording, replay and cache settings, put around whichever backend serves a model step, so that both
/// backends (and any a host registers) get them once. Outermost first: record, cache, model.
/// </summary>
internal sealed class ModelReplies
{
    private readonly RecordingDirectory? _directory;
    private readonly ModelRecordingMode _mode;
    private readonly IDistributedCache? _cache;

    public ModelReplies(ModelRecordingOptions? recording, IDistributedCache? cache)
    {
        _directory = recording is null ? null : new RecordingDirectory(recording.Directory);
        _mode = recording?.Mode ?? ModelRecordingMode.Record;
        _cache = cache;
    }

    /// <summary>Gets whether model steps are answered from recordings, so no backend is asked for a client.</summary>
    public bool Replays => _directory is not null && _mode == ModelRecordingMode.Replay;

    /// <summary>Gets the client that answers a replayed step, or its foreach <paramref name="item"/>.</summary>
    public IChatClient Replay(string workflow, ModelStep step, int? item) =>
        new ReplayChatClient(_directory!, step, workflow + "." + step.Name, item);

    /// <summary>Puts the cache and the recorder, when the run has them, around a backend's client for a step or its foreach <paramref name="item"/>.</summary>
    public IChatClient Wrap(string workflow, ModelStep step, int? item, IChatClient model)
    {
        var client = _cache is null ? model : new CachedReplyChatClient(model, _cache, step);
        return _directory is null ? client : new RecordingChatClient(client, _directory, step, workflow + "." + step.Name, item);
    }
}
