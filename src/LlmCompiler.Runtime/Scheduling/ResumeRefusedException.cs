namespace LlmCompiler.Runtime;

/// <summary>Thrown before a run starts when <see cref="WorkflowRunOptions.ResumeFrom"/> records other workflow definitions.</summary>
public sealed class ResumeRefusedException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="workflow">The workflow whose definition differs from the recorded one.</param>
    /// <param name="message">What differs.</param>
    public ResumeRefusedException(string workflow, string message)
        : base(message)
    {
        Workflow = workflow;
    }

    /// <summary>Gets the name of the workflow whose definition differs.</summary>
    public string Workflow { get; }
}
