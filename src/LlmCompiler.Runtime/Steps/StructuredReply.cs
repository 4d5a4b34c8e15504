using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Steps;

/// <summary>
/// A model step with a schema (<see cref="WorkflowStep.OutputSchema"/>): the schema as the request's JSON-schema
/// response format, and the reply validated, with one repair request when it is not valid.
/// </summary>
internal static class StructuredReply
{
    /// <summary>The response format for the step's schema (any <see cref="IChatClient"/> sees it), or <see langword="null"/> for text.</summary>
    public static ChatResponseFormat? ResponseFormat(ModelStep step) => step.OutputSchema is { } schema
        ? ChatResponseFormat.ForJsonSchema(StructuredOutput.SchemaElement(schema), schemaName: SchemaName(step.Name))
        : null;

    /// <summary>
    /// Validates a reply against the step's schema. An invalid one gets one repair request (the conversation so far, the
    /// reply and what is wrong with it); a second invalid reply fails the step, quoting its start. Usage adds up.
    /// </summary>
    public static async Task<(string Output, UsageDetails? Usage)> ValidateAsync(
        IChatClient client,
        List<ChatMessage> messages,
        ChatOptions options,
        string schema,
        string reply,
        UsageDetails? usage,
        CancellationToken cancellationToken)
    {
        if (StructuredOutput.Validate(schema, StructuredOutput.Unfence(reply), out var error) is { } json)
        {
            return (json, usage);
        }

        messages.Add(new ChatMessage(ChatRole.Assistant, reply));
        messages.Add(new ChatMessage(ChatRole.User, RepairPrompt(error)));
        var repaired = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var total = Add(usage, repaired.Usage);
        var second = repaired.Text.Trim();
        return StructuredOutput.Validate(schema, StructuredOutput.Unfence(second), out var secondError) is { } fixedJson
            ? (fixedJson, total)
            : throw new StepFailedException(
                $"the model's reply is not valid for the step's schema, also after one repair request: {secondError}{CutOff(repaired)}; the reply starts {StructuredOutput.Quote(second)}");
    }

    /// <summary>A reply that ran out of tokens is the usual reason JSON stops halfway: say so.</summary>
    private static string CutOff(ChatResponse response) =>
        response.FinishReason == ChatFinishReason.Length ? " (the reply stopped at max_tokens)" : string.Empty;

    /// <summary>What the repair request says: the validation error, and that only the JSON is wanted.</summary>
    internal static string RepairPrompt(string error) =>
        $"Your reply is not valid: {error}. Reply again with only a JSON value that satisfies the JSON schema, and nothing else.";

    private static UsageDetails? Add(UsageDetails? first, UsageDetails? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        var sum = new UsageDetails
        {
            InputTokenCount = first.InputTokenCount,
            OutputTokenCount = first.OutputTokenCount,
            TotalTokenCount = first.TotalTokenCount,
        };
        sum.Add(second);
        return sum;
    }

    /// <summary>The step's name names the schema; OpenAI takes at most 64 of the characters step names are made of.</summary>
    private static string SchemaName(string step) => step.Length <= 64 ? step : step[..64];
}
