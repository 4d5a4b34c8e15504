namespace LlmCompiler.Tasks.Parsing.Shell;

/// <summary>What the shell does with a template's value (<see cref="Kind"/>) and where, in words for messages (<see cref="Where"/>).</summary>
/// <param name="Kind">Data, arithmetic, a variable name, or code.</param>
/// <param name="Where">The position, as a message names it ("an arithmetic expansion $(( ))"); empty for data.</param>
internal sealed record ShellPosition(ShellPositionKind Kind, string Where)
{
    public static ShellPosition Data { get; } = new(ShellPositionKind.Data, "");

    public static ShellPosition Arithmetic(string where) => new(ShellPositionKind.Arithmetic, where);

    public static ShellPosition Name(string where) => new(ShellPositionKind.Name, where);

    public static ShellPosition Code(string where) => new(ShellPositionKind.Code, where);
}
