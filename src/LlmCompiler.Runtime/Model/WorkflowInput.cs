namespace LlmCompiler.Runtime;

/// <summary>An input a workflow declares (<c>inputs:</c>); its value is a variable from the first step on.</summary>
public sealed class WorkflowInput
{
    /// <summary>Creates an input.</summary>
    /// <param name="name">The input name; also the variable name.</param>
    /// <param name="type">The input type.</param>
    public WorkflowInput(string name, WorkflowInputType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
    }

    /// <summary>Gets the input name.</summary>
    public string Name { get; }

    /// <summary>Gets the input type.</summary>
    public WorkflowInputType Type { get; }

    /// <summary>Gets the value used when none is given, or <see langword="null"/>.</summary>
    public string? Default { get; init; }

    /// <summary>Gets whether a run without a value (and without <see cref="Default"/>) is refused before it starts.</summary>
    public bool Required { get; init; }

    /// <summary>Gets the description shown by <c>--help</c>.</summary>
    public string? Description { get; init; }
}
