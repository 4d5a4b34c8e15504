namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// What the checker knows of a variable's value: text (of a known scalar type or not), an array of a known item
/// type, or an object with known fields. At run time every value is text; arrays and objects are compact JSON.
/// </summary>
internal abstract record VariableType
{
    /// <summary>Text of unknown shape: a step's plain output.</summary>
    public static VariableType Text { get; } = new ScalarType(OperandType.Dynamic);

    /// <summary>An integer: a foreach's <c>index</c>.</summary>
    public static VariableType Integer { get; } = new ScalarType(OperandType.Number) { IsInteger = true };

    /// <summary>Describes the type for messages: "text", "an array", "an object with fields a, b".</summary>
    public abstract string Describe();
}

/// <summary>A scalar: text, or a string, number, integer or boolean a schema declares (<see cref="Operand"/> for conditions).</summary>
/// <param name="Operand">How conditions compare it.</param>
internal sealed record ScalarType(OperandType Operand) : VariableType
{
    /// <summary>Gets the values an <c>enum</c> allows, or an empty list for any value.</summary>
    public IReadOnlyList<string> Enum { get; init; } = [];

    /// <summary>
    /// Gets whether <see cref="Enum"/> is a person's choice (an <c>input</c> step's <c>options</c>): the value can be
    /// nothing else, so comparing it with another value is an error (LLMC2044), not the schema enum's warning.
    /// </summary>
    public bool IsAnswerOptions { get; init; }

    /// <summary>Gets whether every value is an integer (a schema's <c>integer</c>, validated when the value was produced), so shell arithmetic may take it unchecked.</summary>
    public bool IsInteger { get; init; }

    public override string Describe() => Operand switch
    {
        OperandType.Number => "a number",
        OperandType.Boolean => "a boolean",
        OperandType.String => "a string",
        _ => "text",
    };
}

/// <summary>A JSON array whose items have <paramref name="Items"/>' type.</summary>
internal sealed record ArrayType(VariableType Items) : VariableType
{
    public override string Describe() => "an array";
}

/// <summary>A JSON object with known fields, in declaration order.</summary>
internal sealed record ObjectType(IReadOnlyList<KeyValuePair<string, VariableType>> Fields) : VariableType
{
    public VariableType? Field(string name) => Fields.FirstOrDefault(f => f.Key == name).Value;

    public override string Describe() => Fields.Count == 0 ? "an object with no fields" : $"an object with fields {string.Join(", ", Fields.Select(f => f.Key))}";
}

/// <summary>A checked reference: the variable it reads, the fields it walks into, and the type it ends on.</summary>
internal sealed record VariableAccess(string Root, IReadOnlyList<string> Path, VariableType Type);
