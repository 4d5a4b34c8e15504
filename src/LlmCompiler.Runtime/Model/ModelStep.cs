namespace LlmCompiler.Runtime;

/// <summary>A step that sends a prompt to a model and takes its reply as output.</summary>
public abstract class ModelStep : WorkflowStep
{
    /// <summary>Initializes the step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="prompt">Renders the prompt from the step's variables.</param>
    protected ModelStep(string name, Func<IVariables, string> prompt)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        Prompt = prompt;
    }

    /// <summary>Gets the function that renders the prompt.</summary>
    public Func<IVariables, string> Prompt { get; }

    /// <summary>Gets the model: a GGUF path for <c>local_llm</c>, a model id for <c>llm</c>; <see langword="null"/> uses the backend's default.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the system prompt, or <see langword="null"/>.</summary>
    public Func<IVariables, string>? System { get; init; }

    /// <summary>Gets the most tokens to generate, or <see langword="null"/> for the backend's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Gets the sampling temperature, or <see langword="null"/>.</summary>
    public float? Temperature { get; init; }

    /// <summary>Gets the nucleus sampling probability, or <see langword="null"/>.</summary>
    public float? TopP { get; init; }

    /// <summary>Gets the top-k sampling limit, or <see langword="null"/>.</summary>
    public int? TopK { get; init; }

    /// <summary>Gets the sampling seed, or <see langword="null"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Gets the stop sequences.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Gets the tools the model may call (<c>tools</c>): none unless listed. Only <c>llm</c> steps run tools.</summary>
    public IReadOnlyList<ToolReference> Tools { get; init; } = [];

    /// <summary>Gets the most tool calls the model may make in one attempt (<c>max_tool_calls</c>); asking for more fails the step.</summary>
    /// <value>Defaults to 10.</value>
    public int MaxToolCalls { get; init; } = 10;

    /// <inheritdoc/>
    internal override string? StartedText => $"running {Kind} ({Model ?? "default model"})";

    /// <inheritdoc/>
    internal override (string Operation, string? Model)? GenAi => ("chat", Model);
}
