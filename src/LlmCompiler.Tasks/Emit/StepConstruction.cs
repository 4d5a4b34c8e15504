using LlmCompiler.Tasks.Emit.Models;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// What a step kind contributes to its runtime step's construction (<c>StepKind.Construct</c>); the rows' properties
/// are the emitter's. Every string is C#.
/// </summary>
/// <param name="Arguments">The constructor arguments after the step's name, which every runtime step takes first.</param>
internal sealed record StepConstruction(string Arguments)
{
    /// <summary>
    /// Gets name/value pair expressions that come first in the step's environment, ahead of the <c>env</c> entries: a
    /// shell command's template values travel as environment variables.
    /// </summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Gets properties set after the rows' (a shell command's integer-only values).</summary>
    public IReadOnlyList<PropertyModel> Properties { get; init; } = [];
}
