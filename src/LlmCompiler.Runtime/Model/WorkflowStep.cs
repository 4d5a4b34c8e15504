using System.ComponentModel;

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

    /// <summary>Gets whether the output is JSON (a call's object, a structured output): a foreach step's array then holds the values themselves, not strings.</summary>
    internal virtual bool OutputIsJson => OutputSchema is not null;

    // What each step kind says about itself, so no scheduler, reporter or telemetry hook switches over the kinds.

    /// <summary>Gets how an engine schedules the step: through its kind's runner (on a worker), or as a call of a workflow.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public virtual StepPlacement Placement => StepPlacement.Runner;

    /// <summary>The foreach items that run at once when the step does not say (<c>max_parallel</c>); model servers queue what they cannot serve, and 8 is the OpenAI backend's default per-endpoint limit.</summary>
    /// <param name="processors">The processor count of the machine that starts the items.</param>
    internal virtual int DefaultMaxParallel(int processors) => 8;

    /// <summary>Gets the console text when the step starts, or <see langword="null"/>: quick steps say nothing until they end.</summary>
    internal virtual string? StartedText => null;

    /// <summary>Gets the GenAI semantic conventions' operation and requested model of the step's span, or <see langword="null"/> for a step that calls no model.</summary>
    internal virtual (string Operation, string? Model)? GenAi => null;

    /// <summary>Gets the variable that receives the step's output, or <see langword="null"/>.</summary>
    public string? Output { get; init; }

    /// <summary>Gets the compiled <c>if</c> condition, or <see langword="null"/> when the step always runs.</summary>
    /// <remarks>It receives the workflow's state: its variables, and whether a step has failed for <c>success()</c> and <c>failure()</c>.</remarks>
    public Func<IWorkflowState, bool>? Condition { get; init; }

    /// <summary>
    /// Gets whether <see cref="Condition"/> calls <c>success()</c>, <c>failure()</c> or <c>always()</c>. Only such a
    /// step is considered after an earlier step failed; any other step is implicitly <c>success() &amp;&amp; …</c>.
    /// </summary>
    public bool ChecksStatus { get; init; }

    /// <summary>Gets the <c>workflow.step</c> whose output this step waits for, or <see langword="null"/>.</summary>
    public string? WaitFor { get; init; }

    /// <summary>Gets how long to wait for <see cref="WaitFor"/>; <see langword="null"/> waits as long as the producer runs.</summary>
    public TimeSpan? WaitTimeout { get; init; }

    /// <summary>Gets how long one attempt may run before it is stopped and fails; <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the limit of one attempt: <see cref="Timeout"/>, except for a kind whose timeout means something else (an input's wait for its answer).</summary>
    internal virtual TimeSpan? AttemptTimeout => Timeout;

    /// <summary>Gets how many times the step is tried before it fails (<c>retry</c>); 1 tries once.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Gets the pause before the first retry; it doubles before each further retry.</summary>
    public TimeSpan RetryBackoff { get; init; }

    /// <summary>Gets whether a failure of this step leaves the workflow running and successful (<c>continue_on_error</c>).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Gets the items the step runs once each for (<c>foreach</c>), or <see langword="null"/> for a single run.</summary>
    /// <remarks>
    /// The step's output is then a JSON array with one entry per item, in input order. On a foreach step
    /// <see cref="ContinueOnError"/> means a failed item's entry is <c>null</c> and the step succeeds.
    /// </remarks>
    public ForeachSource? Foreach { get; init; }

    /// <summary>Gets how many items of a foreach step run at once, or <see langword="null"/> for the step type's default.</summary>
    /// <value>Defaults: shell, the processor count; llm, 8 (the endpoint's default limit); local_llm, 4.</value>
    public int? MaxParallel { get; init; }

    /// <summary>Gets whether a foreach step's first failed item cancels the running items and starts no more (<c>fail_fast</c>).</summary>
    /// <value>Defaults to <see langword="true"/>; <see langword="false"/> runs every item, then fails.</value>
    public bool FailFast { get; init; } = true;

    /// <summary>Gets whether <see cref="Condition"/> reads <c>item</c> or <c>index</c>, so it is evaluated for each item of a foreach step.</summary>
    public bool ConditionPerItem { get; init; }

    /// <summary>Gets the JSON Schema the step's output must satisfy (<c>schema</c>, the language's subset as JSON text), or <see langword="null"/> for text output.</summary>
    public string? OutputSchema { get; init; }

    /// <summary>Gets the compiled <c>until</c> condition of a looping step, or <see langword="null"/> for a step that runs once.</summary>
    /// <remarks>
    /// Checked after each iteration, on that iteration's output (read under <see cref="Output"/>), with
    /// <c>loop.iteration</c> and <c>loop.previous</c> readable; the step repeats until it holds or <see cref="MaxIterations"/> ran.
    /// </remarks>
    public Func<IWorkflowState, bool>? Until { get; init; }

    /// <summary>Gets the most iterations of a looping step (<c>max_iterations</c>).</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Gets what a looping step does when its iterations ran out with <see cref="Until"/> still false (<c>on_limit</c>).</summary>
    /// <value><c>fail</c> (the default): the step fails; <c>continue</c>: it succeeds with the last output.</value>
    public string OnLimit { get; init; } = "fail";

    /// <summary>Gets how long a whole loop may run (<c>loop_timeout</c>), or <see langword="null"/>; <see cref="Timeout"/> bounds each attempt of an iteration.</summary>
    public TimeSpan? LoopTimeout { get; init; }
}
