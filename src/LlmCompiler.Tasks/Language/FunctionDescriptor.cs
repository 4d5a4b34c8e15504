namespace LlmCompiler.Tasks.Language;

/// <summary>A function conditions can call: its name, its parameters, whether it reads the workflow's status, and its meaning.</summary>
internal sealed record FunctionDescriptor(string Name, IReadOnlyList<string> Parameters, string Doc)
{
    /// <summary>
    /// Gets whether the function reads whether the workflow has failed so far. A condition that calls one is still
    /// considered after a failure; any other condition means <c>success() &amp;&amp; …</c>.
    /// </summary>
    public bool ReadsStatus { get; init; }
}
