using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>A checked <c>foreach</c> source: its variable is in scope, and a bare variable is known to be an array.</summary>
internal sealed record BoundForeach(ForeachKind Kind, string? Variable, IReadOnlyList<string> Items)
{
    /// <summary>Gets the fields of <see cref="Variable"/>'s JSON value the items are read from (<c>foreach: r.tags</c>).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];
}
