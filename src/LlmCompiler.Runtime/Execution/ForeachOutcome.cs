namespace LlmCompiler.Runtime.Execution;

/// <summary>What a foreach step's items came to: each item's record, and the step's output or the error that fails it.</summary>
/// <param name="Items">Each item's record, in input order.</param>
/// <param name="Succeeded">Whether the step succeeded.</param>
/// <param name="Output">The JSON array of the items' outputs, when the step succeeded and its output was captured.</param>
/// <param name="Error">Why the step failed (naming the item's index), or <see langword="null"/>.</param>
internal sealed record ForeachOutcome(IReadOnlyList<ItemResult> Items, bool Succeeded, string? Output, string? Error)
{
    /// <summary>Gets whether the run was cancelled while the items ran: the step is cancelled, and <see cref="Items"/> still holds every item that finished.</summary>
    public bool Cancelled { get; init; }

    public long? InputTokens => Sum(Items.Select(i => i.InputTokens));

    public long? OutputTokens => Sum(Items.Select(i => i.OutputTokens));

    /// <summary>Gets where the answers came from when every item that ran got its answer the same way, else <see langword="null"/>.</summary>
    public string? Reply => Items.Where(i => i.Status == StepStatus.Succeeded).Select(i => i.Reply).Distinct().ToList() is [{ } only] ? only : null;

    private static long? Sum(IEnumerable<long?> values)
    {
        long? total = null;
        foreach (var value in values)
        {
            if (value is { } v)
            {
                total = (total ?? 0) + v;
            }
        }

        return total;
    }
}
