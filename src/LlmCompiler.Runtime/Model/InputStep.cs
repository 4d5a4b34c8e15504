using System.ComponentModel;

namespace LlmCompiler.Runtime;

/// <summary>A question to a person (<c>type: input</c>); the answer is the step's output.</summary>
/// <remarks>
/// With <see cref="Options"/> the answer is one of them; with <see cref="WorkflowStep.OutputSchema"/> it is JSON valid
/// against it; with neither, any text. <see cref="WorkflowStep.Timeout"/> bounds the wait for the answer (not an
/// attempt): when it passes, <see cref="Default"/> is taken, or the step fails without one. On a foreach step each
/// item is its own question.
/// </remarks>
public sealed class InputStep : WorkflowStep
{
    /// <summary>Creates an input step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="prompt">Renders the question (Markdown) from the step's variables.</param>
    public InputStep(string name, Func<IVariables, string> prompt)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        Prompt = prompt;
    }

    /// <inheritdoc/>
    public override string Kind => "input";

    /// <summary>Gets the function that renders the question.</summary>
    public Func<IVariables, string> Prompt { get; }

    /// <summary>Gets the answers a person may choose from; empty when any answer valid for the schema (or any text) is taken.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Gets the answer taken when <see cref="WorkflowStep.Timeout"/> passes, or <see langword="null"/> to fail the step then.</summary>
    public string? Default { get; init; }

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override StepPlacement Placement => StepPlacement.Answer;

    /// <inheritdoc/>
    internal override TimeSpan? AttemptTimeout => null;

    /// <summary>A person answers one question at a time; the items of a foreach step are asked together, and each waits.</summary>
    internal override int DefaultMaxParallel(int processors) => int.MaxValue;
}
