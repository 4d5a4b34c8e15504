namespace LlmCompiler.Runtime;

/// <summary>The record of one step in a run; what it shares with an item's record is <see cref="ExecutionResult"/>.</summary>
public sealed record StepResult : ExecutionResult
{
    /// <summary>Initializes an empty record.</summary>
    public StepResult()
    {
    }

    /// <summary>Initializes the record with what an execution came to (every shared field, copied by the record's own copy constructor).</summary>
    internal StepResult(ExecutionResult execution)
        : base(execution)
    {
    }

    /// <summary>Gets the step name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the step type (<c>shell</c>, <c>llm</c>, <c>local_llm</c>, <c>workflow</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets whether the step failed but its workflow went on (<c>continue_on_error</c>).</summary>
    public bool ContinuedOnError { get; init; }

    /// <summary>Gets whether the step was reached after the run was cancelled: a cleanup step (<c>always()</c>, <c>cancelled()</c>) run, skipped or stopped in the grace period.</summary>
    public bool AfterCancellation { get; init; }

    /// <summary>Gets each item of a <c>foreach</c> step, in input order; <see langword="null"/> for other steps.</summary>
    public IReadOnlyList<ItemResult>? Items { get; init; }

    /// <summary>Gets each iteration of a looping step (<c>until</c>), in order, its <see cref="ItemResult.Index"/> the iteration's number from 1; <see langword="null"/> for other steps.</summary>
    public IReadOnlyList<ItemResult>? Iterations { get; init; }
}
