namespace LlmCompiler.Tasks.Language;

/// <summary>
/// One field of the workflow language: a row of <see cref="LanguageTable"/>. Plain data, so the parser, the
/// checker, the emitter, the docs test and (later) an editor schema can all walk the same rows.
/// </summary>
/// <param name="Name">The YAML key.</param>
/// <param name="Kind">The shape of its value.</param>
/// <param name="Doc">What it means, in one line (the README's row starts with this text).</param>
internal sealed record FieldDescriptor(string Name, ValueKind Kind, string Doc)
{
    /// <summary>Gets the step types that accept the field (step fields only); on others it has no effect (LLMC2014).</summary>
    public StepTypes Steps { get; init; } = StepTypes.All;

    /// <summary>
    /// Gets the step types on which the field must be given (LLMC2001). On workflow, input and retry rows, which belong
    /// to no step type, <see cref="StepTypes.All"/> means the field is required.
    /// </summary>
    public StepTypes RequiredFor { get; init; }

    /// <summary>Gets what to add to the "has no '…'" message, e.g. how to write the value.</summary>
    public string MissingHint { get; init; } = string.Empty;

    /// <summary>Gets the allowed numbers (LLMC2015), for number kinds.</summary>
    public NumberRange? Range { get; init; }

    /// <summary>Gets the allowed values of a <see cref="ValueKind.Choice"/> field.</summary>
    public IReadOnlyList<Choice> Choices { get; init; } = [];

    /// <summary>Gets the value the runtime uses when the field is absent, as written in YAML; the emitter leaves it out.</summary>
    public string? Default { get; init; }

    /// <summary>Gets the runtime step property the emitter sets from the value; <see langword="null"/> when the value is not a property.</summary>
    public string? Property { get; init; }

    /// <summary>
    /// Gets the field this one stands in for (<c>prompt_file</c> for <c>prompt</c>): either satisfies the other's
    /// <see cref="RequiredFor"/>, and giving both is an error (LLMC2040).
    /// </summary>
    public FieldDescriptor? Replaces { get; init; }

    public bool AppliesTo(StepTypes type) => (Steps & type) != 0;

    public bool IsRequiredFor(StepTypes type) => (RequiredFor & type) != 0;
}
