using System.Text;
using LlmCompiler.Runtime;

namespace LlmCompiler.Testing;

/// <summary>What a <see cref="WorkflowTest"/> run did: the run's record, the model calls, the console text, and assertions on them.</summary>
/// <remarks>The assertions fail through MSTest's <see cref="Assert"/>, with the failed steps' errors in the message.</remarks>
public sealed class WorkflowTestResult
{
    internal WorkflowTestResult(RunResult run, IReadOnlyList<ModelCall> modelCalls, string output, string log, string workingDirectory)
    {
        Run = run;
        ModelCalls = modelCalls;
        Output = output;
        Log = log;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Gets the run's record, as the run file would hold it.</summary>
    public RunResult Run { get; }

    /// <summary>Gets the calls made to the (canned) models, in the order they were made.</summary>
    public IReadOnlyList<ModelCall> ModelCalls { get; }

    /// <summary>Gets what steps without <c>output</c> printed.</summary>
    public string Output { get; }

    /// <summary>Gets the progress lines and the standard error of shell steps.</summary>
    public string Log { get; }

    /// <summary>Gets the directory the shell steps ran in.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Gets whether every workflow succeeded.</summary>
    public bool Succeeded => Run.Status == RunStatus.Succeeded;

    /// <summary>Gets a step's record.</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name when no other workflow has one of that name.</param>
    /// <returns>The step's record.</returns>
    /// <exception cref="ArgumentException">No step, or several, answer to the name.</exception>
    public StepResult Step(string step)
    {
        var (workflow, name) = StepPath.Resolve(Run.Workflows.SelectMany(w => w.Steps.Select(s => (w.Name, s.Name))), step);
        return Run.Workflows.First(w => w.Name == workflow).Steps.First(s => s.Name == name);
    }

    /// <summary>Gets a variable of a workflow after the run (a step's <c>output</c>, an input, a waited-for value).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="name">The variable.</param>
    /// <returns>The value, or <see langword="null"/> when the workflow never set it.</returns>
    /// <exception cref="ArgumentException">No workflow has that name.</exception>
    public string? Variable(string workflow, string name)
    {
        var result = Run.Workflows.FirstOrDefault(w => w.Name == workflow)
            ?? throw new ArgumentException($"no workflow '{workflow}'; the workflows are: {string.Join(", ", Run.Workflows.Select(w => w.Name))}", nameof(workflow));
        return result.Variables.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Gets the calls one model step made (one per item for a foreach step).</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name when no other workflow has one of that name.</param>
    /// <returns>The calls, in the order they were made.</returns>
    public IReadOnlyList<ModelCall> CallsOf(string step)
    {
        var (workflow, name) = StepPath.Resolve(Run.Workflows.SelectMany(w => w.Steps.Select(s => (w.Name, s.Name))), step);
        return [.. ModelCalls.Where(c => c.Workflow == workflow && c.Step == name)];
    }

    /// <summary>Asserts that every workflow succeeded.</summary>
    /// <returns>This result, to chain assertions.</returns>
    public WorkflowTestResult AssertSucceeded()
    {
        if (!Succeeded)
        {
            Assert.Fail($"the run {Name(Run.Status)}:{Environment.NewLine}{Failures()}");
        }

        return this;
    }

    /// <summary>Asserts a step's status.</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name.</param>
    /// <param name="status">The status it must have.</param>
    /// <returns>This result, to chain assertions.</returns>
    public WorkflowTestResult AssertStatus(string step, StepStatus status)
    {
        var result = Step(step);
        if (result.Status != status)
        {
            Assert.Fail($"step '{step}' is {result.Status}, expected {status}{(result.Error is { } error ? ": " + error : string.Empty)}");
        }

        return this;
    }

    /// <summary>Asserts a step's output (what its <c>output</c> variable receives).</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name.</param>
    /// <param name="expected">The output it must have.</param>
    /// <returns>This result, to chain assertions.</returns>
    public WorkflowTestResult AssertOutput(string step, string expected)
    {
        var result = Step(step);
        if (result.Status != StepStatus.Succeeded)
        {
            Assert.Fail($"step '{step}' is {result.Status}, so it has no output{(result.Error is { } error ? ": " + error : string.Empty)}");
        }

        Assert.AreEqual(expected, result.Output, $"the output of step '{step}'");
        return this;
    }

    /// <summary>Asserts how many calls a model step made to the model.</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name.</param>
    /// <param name="count">The number of calls (a foreach step makes one per item that ran).</param>
    /// <returns>This result, to chain assertions.</returns>
    public WorkflowTestResult AssertModelCalls(string step, int count)
    {
        var calls = CallsOf(step);
        if (calls.Count != count)
        {
            Assert.Fail($"step '{step}' made {calls.Count} model call(s), expected {count}{string.Concat(calls.Select(c => Environment.NewLine + "  prompt: " + c.Prompt))}");
        }

        return this;
    }

    private string Failures()
    {
        var text = new StringBuilder();
        foreach (var workflow in Run.Workflows)
        {
            foreach (var step in workflow.Steps.Where(s => s.Status is StepStatus.Failed or StepStatus.Cancelled))
            {
                text.Append("  ").Append(workflow.Name).Append('.').Append(step.Name).Append(": ").Append(step.Status).Append(": ").AppendLine(step.Error);
            }
        }

        return text.ToString();
    }

    private static string Name(RunStatus status) => status == RunStatus.Cancelled ? "was cancelled" : "failed";
}
