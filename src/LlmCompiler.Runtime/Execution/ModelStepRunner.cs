using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Execution;

/// <summary>Runs <c>llm</c> and <c>local_llm</c> steps through the backend's <see cref="IChatClient"/>.</summary>
internal sealed class ModelStepRunner
{
    private readonly WorkflowRunOptions _options;
    private readonly IModelBackend? _defaultLocalModels;

    /// <param name="options">The run's options; their backends win.</param>
    /// <param name="defaultLocalModels">Serves <c>local_llm</c> steps when <see cref="WorkflowRunOptions.LocalModels"/> is null.</param>
    public ModelStepRunner(WorkflowRunOptions options, IModelBackend? defaultLocalModels = null)
    {
        _options = options;
        _defaultLocalModels = defaultLocalModels;
    }

    public async Task<StepOutcome> RunAsync(ModelStep step, IVariables variables, CancellationToken cancellationToken)
    {
        var backend = step is LocalLlmStep ? _options.LocalModels ?? _defaultLocalModels : _options.RemoteModels;
        if (backend is null)
        {
            throw new StepFailedException($"no backend for {step.Kind} steps is configured in this program");
        }

        var client = await backend.GetClientAsync(step, step.Model, cancellationToken).ConfigureAwait(false);
        var messages = new List<ChatMessage>(2);
        if (step.System is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system(variables)));
        }

        messages.Add(new ChatMessage(ChatRole.User, step.Prompt(variables)));
        var chatOptions = new ChatOptions
        {
            ModelId = step.Model,
            MaxOutputTokens = step.MaxTokens,
            Temperature = step.Temperature,
            TopP = step.TopP,
            TopK = step.TopK,
            Seed = step.Seed,
            StopSequences = step.Stop.Count == 0 ? null : [.. step.Stop],
        };

        var response = await client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        return new StepOutcome(response.Text.Trim())
        {
            InputTokens = response.Usage?.InputTokenCount,
            OutputTokens = response.Usage?.OutputTokenCount,
            Metrics = ReadMetrics(response),
        };
    }

    /// <summary>Numeric entries a backend put into the response's additional properties (load time and the like).</summary>
    private static IReadOnlyDictionary<string, double>? ReadMetrics(ChatResponse response)
    {
        if (response.AdditionalProperties is not { Count: > 0 } properties)
        {
            return null;
        }

        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            switch (value)
            {
                case double d: metrics[key] = d; break;
                case long l: metrics[key] = l; break;
                case int i: metrics[key] = i; break;
            }
        }

        return metrics.Count == 0 ? null : metrics;
    }
}
