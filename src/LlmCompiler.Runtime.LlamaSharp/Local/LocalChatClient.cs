using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Local;

/// <summary>An <see cref="IChatClient"/> over a loaded GGUF model; cheap to create, one per step, all sharing the model's decoder.</summary>
internal sealed class LocalChatClient : IChatClient
{
    private readonly LoadedModel _model;
    private readonly TextWriter? _progress;
    private readonly string _label;

    public LocalChatClient(LoadedModel model, TextWriter? progress, string label)
    {
        _model = model;
        _progress = progress;
        _label = label;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var progress = _progress is null ? null : new ProgressLine(_progress, _label);
        var request = CreateRequest(messages, options) with { Progress = progress is null ? null : progress.Report };
        var result = await _model.Decoder.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        progress?.Finished(result);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = _model.Path,
            FinishReason = FinishReason(result),
            Usage = Usage(result),
            AdditionalProperties = Metrics(result),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Leaving the loop early (break, dispose) cancels the generation instead of letting it run to max_tokens.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var request = CreateRequest(messages, options) with { Text = piece => pieces.Writer.TryWrite(piece) };
        var generation = _model.Decoder.GenerateAsync(request, stop.Token);
        _ = generation.ContinueWith(_ => pieces.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = _model.Path };
            }

            var result = await generation.ConfigureAwait(false);
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(result))])
            {
                ModelId = _model.Path,
                FinishReason = FinishReason(result),
                AdditionalProperties = Metrics(result),
            };
        }
        finally
        {
            if (!generation.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("llama.cpp", null, _model.Path);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The model is shared by every client on it and lives until the process exits.
    }

    private static ChatFinishReason FinishReason(GenerationResult result) =>
        result.ReachedLimit ? ChatFinishReason.Length : ChatFinishReason.Stop;

    private static UsageDetails Usage(GenerationResult result) => new()
    {
        InputTokenCount = result.PromptTokens,
        OutputTokenCount = result.GeneratedTokens,
        TotalTokenCount = result.PromptTokens + result.GeneratedTokens,
    };

    private static double Milliseconds(TimeSpan time) => Math.Round(time.TotalMilliseconds, 3);

    private GenerationRequest CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var maxTokens = options?.MaxOutputTokens ?? LlamaModelBackend.DefaultMaxTokens;
        if (maxTokens < 1)
        {
            throw new StepFailedException($"max_tokens must be at least 1 (it is {maxTokens})");
        }

        return new GenerationRequest
        {
            Prompt = PromptFormat.Tokenize(_model, messages),
            MaxTokens = maxTokens,
            Temperature = options?.Temperature ?? LlamaModelBackend.DefaultTemperature,
            TopP = options?.TopP ?? LlamaModelBackend.DefaultTopP,
            TopK = options?.TopK ?? LlamaModelBackend.DefaultTopK,
            Seed = unchecked((uint)(options?.Seed ?? LlamaModelBackend.DefaultSeed)),
            Stop = options?.StopSequences is { } stop ? [.. stop] : [],
            Grammar = options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } ? JsonSchemaGrammar.FromSchema(schema) : null,
        };
    }

    /// <summary>Numbers the run file records with the step: ModelStepRunner copies numeric additional properties.</summary>
    private AdditionalPropertiesDictionary Metrics(GenerationResult result) => new()
    {
        ["load_ms"] = Milliseconds(_model.LoadTime),
        ["model_loads"] = (long)ModelCache.LoadCount(_model.Path),
        ["queue_ms"] = Milliseconds(result.Queued),
        ["prompt_ms"] = Milliseconds(result.FirstToken),
        ["generation_ms"] = Milliseconds(result.Generation),
        ["threads"] = (long)_model.Threads,
    };
}
