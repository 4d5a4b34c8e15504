namespace LlmCompiler.Runtime;

/// <summary>One of a workflow's <c>outputs</c>: what a call of the workflow returns under <see cref="Name"/>.</summary>
/// <param name="name">The output's name, a field of the call step's JSON object.</param>
/// <param name="value">Renders the value from the called workflow's variables once its steps have run.</param>
public sealed class WorkflowOutput(string name, Func<IVariables, string> value)
{
    /// <summary>Gets the output's name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the template that renders the value from the workflow's variables.</summary>
    public Func<IVariables, string> Value { get; } = value;
}
