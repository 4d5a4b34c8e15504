namespace LlmCompiler.Tasks.Language;

/// <summary>The settings of one entry of a workflow's <c>inputs</c>.</summary>
internal static class InputFields
{
    public static readonly FieldDescriptor Type = new("type", ValueKind.Choice, "The value's type.")
    {
        Default = "string",
        Choices =
        [
            new("string", "Text, as given."),
            new("number", "A number (invariant culture); a value that is not one stops the run."),
            new("boolean", "`true` or `false`."),
        ],
    };

    public static readonly FieldDescriptor Default = new("default", ValueKind.Scalar, "The value when none is given; it must fit the type.");

    public static readonly FieldDescriptor Required = new("required", ValueKind.Boolean, "`true`: a run without a value stops before any step.")
    {
        Default = "false",
    };

    public static readonly FieldDescriptor Description = new("description", ValueKind.Text, "What the input is for; it documents the generated `RunAsync` parameter.");

    public static IReadOnlyList<FieldDescriptor> All { get; } = [Type, Default, Required, Description];
}
