namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// What the fields of a looping step (<c>until</c>) may read besides the workflow's variables: <c>loop.iteration</c>
/// (from 1) and <c>loop.previous</c>, the previous iteration's output, typed as the step's output.
/// </summary>
/// <param name="Output">The step's output type (a schema's, a called workflow's outputs, or text).</param>
internal sealed record LoopScope(VariableType Output)
{
    public const string Iteration = "loop.iteration";
    public const string Previous = "loop.previous";

    /// <summary>The fields of <c>loop</c>, for did-you-mean.</summary>
    public static readonly IReadOnlyList<string> Fields = ["iteration", "previous"];

    /// <summary>Whether a reference reads <c>loop</c> or one of its fields.</summary>
    public static bool IsLoopName(string name) => name == "loop" || name.StartsWith("loop.", StringComparison.Ordinal);
}
