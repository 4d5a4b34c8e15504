namespace LlmCompiler.Runtime;

/// <summary>A step of a <see cref="Workflow"/>. The generated code creates one per YAML step.</summary>
public abstract class WorkflowStep
{
    /// <summary>Initializes the step.</summary>
    /// <param name="name">The step name, unique within its workflow.</param>
    protected WorkflowStep(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>Gets the step name.</summary>
    public string Name { get; }

    /// <summary>Gets the step type as written in YAML (<c>shell</c>, <c>llm</c>, <c>local_llm</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Gets the variable that receives the step's output, or <see langword="null"/>.</summary>
    public string? Output { get; init; }

    /// <summary>Gets the compiled <c>if</c> condition, or <see langword="null"/> when the step always runs.</summary>
    public Func<IVariables, bool>? Condition { get; init; }

    /// <summary>Gets the <c>workflow.step</c> whose output this step waits for, or <see langword="null"/>.</summary>
    public string? WaitFor { get; init; }

    /// <summary>Gets how long to wait for <see cref="WaitFor"/>; <see langword="null"/> waits as long as the producer runs.</summary>
    public TimeSpan? WaitTimeout { get; init; }
}
