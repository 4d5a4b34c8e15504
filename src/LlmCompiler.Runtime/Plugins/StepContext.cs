namespace LlmCompiler.Runtime.Plugins;

/// <summary>What step middleware knows about the step it wraps.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step.</param>
/// <param name="Variables">The workflow's variables as the step sees them.</param>
public sealed record StepContext(string Workflow, WorkflowStep Step, IVariables Variables);
