namespace LlmCompiler.Runtime;

/// <summary>The record of one item of a <c>foreach</c> step; what it shares with a step's record is <see cref="ExecutionResult"/>.</summary>
public sealed record ItemResult : ExecutionResult
{
    /// <summary>Initializes an empty record.</summary>
    public ItemResult()
    {
    }

    /// <summary>Initializes the record with what an execution came to (every shared field, copied by the record's own copy constructor).</summary>
    internal ItemResult(ExecutionResult execution)
        : base(execution)
    {
    }

    /// <summary>Gets the item's 0-based position in the step's items.</summary>
    public required int Index { get; init; }
}
