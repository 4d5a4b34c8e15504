namespace LlmCompiler.Runtime;

/// <summary>A <c>local_llm</c> step: generation from a GGUF model in this process.</summary>
public sealed class LocalLlmStep : ModelStep
{
    /// <summary>Creates the step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="prompt">Renders the prompt from the step's variables.</param>
    public LocalLlmStep(string name, Func<IVariables, string> prompt)
        : base(name, prompt)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "local_llm";

    /// <summary>Sequences of one local model decode as one batch; beyond a few, each gets slower without the total going faster.</summary>
    internal override int DefaultMaxParallel(int processors) => 4;
}
