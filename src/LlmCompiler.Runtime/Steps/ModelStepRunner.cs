using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Recording;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Steps;

/// <summary>Runs <c>llm</c> and <c>local_llm</c> steps through the backend's <see cref="IChatClient"/>.</summary>
internal sealed class ModelStepRunner : IStepRunner
{
    private readonly RunBackends _backends;
    private readonly ModelReplies _replies;

    /// <param name="backends">The run's backends.</param>
    /// <param name="replies">The run's recording, replay and cache settings.</param>
    public ModelStepRunner(RunBackends backends, ModelReplies replies)
    {
        _backends = backends;
        _replies = replies;
    }

    public bool Runs(WorkflowStep step) => step is ModelStep;

    public Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(attempt.Workflow, (ModelStep)attempt.Step, attempt.Variables, cancellationToken);

    public async Task<StepOutcome> RunAsync(string workflow, ModelStep step, IVariables variables, CancellationToken cancellationToken)
    {
        var item = (variables as ItemVariables)?.Index;
        var client = _replies.Replays
            ? _replies.Replay(workflow, step, item)
            : _replies.Wrap(workflow, step, item, await ModelClientAsync(step, cancellationToken).ConfigureAwait(false));
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
            ResponseFormat = StructuredReply.ResponseFormat(step),
        };

        var tools = step.Tools.Count == 0 ? null : new ToolCallLog(step.MaxToolCalls, ToolCallLog.ConfiguredResultMaxChars);
        if (tools is not null)
        {
            chatOptions.Tools = [.. await ToolsAsync(step, tools, cancellationToken).ConfigureAwait(false)];

            // Microsoft.Extensions.AI runs the loop: each tool call the model asks for is invoked and answered, until it
            // answers in text. A call over max_tool_calls is refused and ends the loop; the step then fails below.
            client = new FunctionInvokingChatClient(client) { MaximumIterationsPerRequest = step.MaxToolCalls + 1 };
        }

        var response = await client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        if (tools is { LimitReached: true })
        {
            throw new StepFailedException($"the model asked for more than {step.MaxToolCalls} tool calls (max_tool_calls: {step.MaxToolCalls})");
        }

        var usage = response.Usage;
        var output = response.Text.Trim();
        if (step.OutputSchema is { } outputSchema)
        {
            (output, usage) = await StructuredReply.ValidateAsync(client, messages, chatOptions, outputSchema, output, usage, cancellationToken).ConfigureAwait(false);
        }

        return new StepOutcome(output)
        {
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            Metrics = ReadMetrics(response),
            Reply = ReplySource.Of(response),
            ToolCalls = tools?.Records is { Count: > 0 } calls ? calls : null,
        };
    }

    private async Task<IReadOnlyList<AIFunction>> ToolsAsync(ModelStep step, ToolCallLog log, CancellationToken cancellationToken)
    {
        if (step is not LlmStep)
        {
            // The compiler refuses it (LLMC2062); this is for workflows built by hand.
            throw new StepFailedException($"tools need an llm step; {step.Kind} steps cannot call tools");
        }

        var source = _backends.Get<IStepTools>("mcp")
            ?? throw new StepFailedException("tools need the MCP servers of LlmCompiler.Runtime.Mcp, which this program does not reference");
        return await source.ToolsAsync(step, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IChatClient> ModelClientAsync(ModelStep step, CancellationToken cancellationToken)
    {
        var backend = _backends.Get<IModelBackend>(step.Kind) ?? throw new StepFailedException(MissingBackend(step));
        return await backend.GetClientAsync(step, step.Model, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SDK refuses to build such a program (LLMC0007); this is for hosts that run workflows themselves.</summary>
    private static string MissingBackend(ModelStep step) => step.Kind switch
    {
        "local_llm" => "no backend for local_llm steps is configured in this program: reference the LlmCompiler.Runtime.LlamaSharp package or set WorkflowRunOptions.LocalModels",
        "llm" => "no backend for llm steps is configured in this program: reference the LlmCompiler.Runtime.OpenAI package or set WorkflowRunOptions.RemoteModels",
        var kind => $"no backend for {kind} steps is configured in this program: reference the package that serves them or set WorkflowRunOptions.Backends[\"{kind}\"]",
    };

    /// <summary>Numeric entries a backend put into the response's additional properties (load time and the like).</summary>
    private static SortedDictionary<string, double>? ReadMetrics(ChatResponse response)
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
