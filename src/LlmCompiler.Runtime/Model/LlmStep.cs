namespace LlmCompiler.Runtime;

/// <summary>An <c>llm</c> step: a chat completion from a remote, OpenAI-compatible server.</summary>
public sealed class LlmStep : ModelStep
{
    /// <summary>Creates the step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="prompt">Renders the prompt from the step's variables.</param>
    public LlmStep(string name, Func<IVariables, string> prompt)
        : base(name, prompt)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "llm";
}
