using LlmCompiler.Runtime;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Testing;

/// <summary>
/// The model backend of a test run, for <c>llm</c> and <c>local_llm</c> steps alike: each call is answered by the
/// first canned reply that matches it, and noted. A call nothing matches fails its step, saying what was asked.
/// </summary>
internal sealed class CannedModels : IModelBackend
{
    private readonly IReadOnlyList<CannedReply> _replies;
    private readonly Dictionary<ModelStep, string> _workflowOf;
    private readonly List<ModelCall> _calls = [];
    private readonly object _lock = new();

    /// <param name="replies">The canned replies, first match wins.</param>
    /// <param name="workflows">The workflows of the run, to name each step's workflow.</param>
    public CannedModels(IReadOnlyList<CannedReply> replies, IEnumerable<Workflow> workflows)
    {
        _replies = replies;
        var workflowOf = new Dictionary<ModelStep, string>(ReferenceEqualityComparer.Instance);
        foreach (var workflow in workflows)
        {
            foreach (var step in workflow.Steps.OfType<ModelStep>())
            {
                workflowOf[step] = workflow.Name;
            }
        }

        _workflowOf = workflowOf;
    }

    /// <summary>Gets the calls made so far, in the order they were made.</summary>
    public IReadOnlyList<ModelCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IChatClient>(new StepClient(this, step, _workflowOf.TryGetValue(step, out var workflow) ? workflow : "?"));

    private string Answer(string workflow, ModelStep step, IReadOnlyList<ChatMessage> messages)
    {
        var prompt = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var system = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text;
        var rule = _replies.FirstOrDefault(r => r.Matches(workflow, step.Name, prompt));
        var reply = rule?.Reply(prompt);
        lock (_lock)
        {
            _calls.Add(new ModelCall(workflow, step.Name, step.Kind, step.Model, system, prompt, reply));
        }

        return reply ?? throw new StepFailedException(
            $"no canned reply for {step.Kind} step '{workflow}.{step.Name}': add Reply(\"{workflow}.{step.Name}\", …) or ReplyWhen(…) to the test. " +
            $"Its prompt was: {prompt}");
    }

    /// <summary>The client of one step: canned replies know which step asks.</summary>
    private sealed class StepClient(CannedModels models, ModelStep step, string workflow) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var text = models.Answer(workflow, step, [.. messages]);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop });
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
