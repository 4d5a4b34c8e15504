namespace LlmCompiler.Tasks.Language;

/// <summary>
/// The workflow language in one place: every field of a workflow, a step, an input and a retry, with its kind,
/// the step types that accept it, its rules and its meaning; and the functions conditions can call. The parser
/// reads fields by these rows, the checker takes "no effect", required and range rules (and function arities) from
/// them, the emitter sets runtime properties from them, and a test keeps the README in step. Adding a field means
/// a row here, its runtime meaning, its tests. The step types the rows name are registered in
/// <see cref="Kinds.StepKinds"/>.
/// </summary>
internal static class LanguageTable
{
    /// <summary>
    /// The prefix of the environment variables that carry template values into shell commands; an <c>env</c>
    /// name may not start with it (any case), so a user's variable can never shadow one.
    /// </summary>
    public const string EnvironmentPrefix = "LLMC_";

    public static IReadOnlyList<FieldDescriptor> Workflow => WorkflowFields.All;

    public static IReadOnlyList<FieldDescriptor> Step => StepFields.All;

    public static IReadOnlyList<FieldDescriptor> Input => InputFields.All;

    public static IReadOnlyList<FieldDescriptor> Retry => RetryFields.All;

    public static IReadOnlyList<FieldDescriptor> McpServer => McpServerFields.All;

    /// <summary>Gets the functions <c>if</c> conditions can call.</summary>
    public static IReadOnlyList<FunctionDescriptor> Functions => ConditionFunctions.All;
}
