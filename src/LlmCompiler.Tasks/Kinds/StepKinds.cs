using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// The registration of the step types: the <c>type</c> field's choices, the schema's enum, the docs' lists and
/// every lookup of a written <c>type</c> come from <see cref="All"/>. Adding a type: its <see cref="StepKind"/>
/// subclass in this folder, its line here and its bit in <see cref="StepTypes"/> (field rows name the types they
/// accept by those bits).
/// </summary>
internal static class StepKinds
{
    /// <summary>Gets every step type, in the order the docs and the <c>type</c> field's choices list them.</summary>
    public static IReadOnlyList<StepKind> All { get; } =
    [
        new ShellKind(),
        new LlmKind(),
        new LocalLlmKind(),
        new WorkflowCallKind(),
        new InputKind(),
        new McpKind(),
    ];

    /// <summary>Gets the kinds as the <c>type</c> field's choices.</summary>
    public static IReadOnlyList<Choice> Choices { get; } = All.Select(k => k.Choice).ToList();

    /// <summary>Returns the kind a written <c>type</c> names, or <see langword="null"/>.</summary>
    public static StepKind? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    /// <summary>Returns the names of the kinds among <paramref name="types"/>, in registration order.</summary>
    public static IEnumerable<string> NamesOf(StepTypes types) => All.Where(k => (types & k.Flag) != 0).Select(k => k.Name);
}
