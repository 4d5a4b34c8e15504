using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime;

/// <summary>Settings for <see cref="WorkflowRunner"/>.</summary>
public sealed class WorkflowRunOptions
{
    private const string LlmKind = "llm";
    private const string LocalLlmKind = "local_llm";

    /// <summary>Gets or sets where shell steps without <c>output</c> print their standard output.</summary>
    /// <value>Defaults to <see cref="Console.Out"/>.</value>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>Gets or sets where progress lines and the standard error of shell steps go.</summary>
    /// <value>Defaults to <see cref="Console.Error"/>.</value>
    public TextWriter Log { get; set; } = Console.Error;

    /// <summary>Gets or sets how long cleanup steps may run after a cancellation.</summary>
    /// <value>
    /// Defaults to 30 seconds. When the run is cancelled, steps whose <c>if</c> uses <c>always()</c> or <c>cancelled()</c>
    /// still run, as in GitHub Actions; when this period runs out (or a generated program gets a second Ctrl+C or
    /// SIGTERM) they are stopped too. <see cref="TimeSpan.Zero"/> runs no step after a cancellation.
    /// </value>
    public TimeSpan CancellationGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets whether progress lines are suppressed. Errors and step output still print.</summary>
    public bool Quiet { get; set; }

    /// <summary>Gets or sets how often a running foreach step prints its progress line (<c>250/1000 items</c>).</summary>
    /// <value>Defaults to 2 seconds: a step whose items all finish sooner prints none. Not printed when <see cref="Quiet"/>.</value>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the backends this run uses instead of the registered ones, by step kind (<c>llm</c>, <c>local_llm</c>, …).</summary>
    /// <value>
    /// Empty by default: each step kind's backend is the one a plugin registered
    /// (<see cref="Plugins.ILlmCompilerRegistrations.RegisterBackend"/>), created when the first step of the kind runs
    /// and disposed when the run ends. A backend set here wins and is left to its owner; it must be the service the
    /// kind's steps need (an <see cref="IModelBackend"/> for model steps), or such steps fail saying so.
    /// </value>
    public IDictionary<string, object> Backends { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Gets or sets the backend of <c>local_llm</c> steps: <see cref="Backends"/> for <c>local_llm</c>.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the registered backend, which in a generated program referencing
    /// LlmCompiler.Runtime.LlamaSharp is <c>LlamaModelBackend</c> (in-process llama.cpp). It is created when the first
    /// <c>local_llm</c> step runs; with none registered such steps fail. Setting <see langword="null"/> removes the entry.
    /// </value>
    public IModelBackend? LocalModels
    {
        get => ModelBackend(LocalLlmKind);
        set => SetModelBackend(LocalLlmKind, value);
    }

    /// <summary>Gets or sets the backend of <c>llm</c> steps: <see cref="Backends"/> for <c>llm</c>.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the registered backend, which in a generated program referencing
    /// LlmCompiler.Runtime.OpenAI is <c>OpenAIModelBackend.FromEnvironment()</c> (the server that <c>OPENAI_BASE_URL</c>,
    /// <c>OPENAI_API_KEY</c> and <c>OPENAI_MODEL</c> describe). It is created when the first <c>llm</c> step runs; with
    /// none registered such steps fail. Setting <see langword="null"/> removes the entry.
    /// </value>
    public IModelBackend? RemoteModels
    {
        get => ModelBackend(LlmKind);
        set => SetModelBackend(LlmKind, value);
    }

    /// <summary>Gets the values of workflow inputs: <c>name</c> for every workflow that declares it, or <c>workflow.name</c> for one.</summary>
    /// <remarks>Missing required inputs, unknown names and values of the wrong type stop the run before anything starts.</remarks>
    public IDictionary<string, string> Inputs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets whether model calls are recorded to a directory or replayed from it, or <see langword="null"/> for neither.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>. Recording writes one JSON file per <c>llm</c> and <c>local_llm</c> request,
    /// named by a hash of what determines the answer (step type, model as written, rendered messages, options, output
    /// schema). Replaying answers every request from those files and calls no model or server; a request that was
    /// never recorded fails its step with what differs from the closest recording. The run file marks each step's
    /// answer <c>"reply": "recorded"</c> or <c>"replayed"</c>. A generated program sets it from <c>--record</c> or
    /// <c>--replay</c>.
    /// </value>
    public ModelRecordingOptions? Recording { get; set; }

    /// <summary>Gets or sets the cache of model answers, or <see langword="null"/> for none.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>. When set, every model call goes through Microsoft.Extensions.AI's
    /// <c>DistributedCachingChatClient</c> on this cache: an identical request (same messages, options, step type,
    /// schema and resolved model) is answered from it, and the run file marks the step <c>"reply": "cached"</c>.
    /// A generated program sets a <see cref="FileDistributedCache"/> from <c>--cache</c>.
    /// </value>
    public IDistributedCache? ResponseCache { get; set; }

    /// <summary>Gets or sets the directory shell steps run in, or <see langword="null"/> for the process's working directory.</summary>
    /// <value>A step's relative <c>working_directory</c> is taken relative to it. Defaults to <see langword="null"/>.</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets or sets an earlier run to resume (<c>--resume</c>; <see cref="RunFile.ReadAsync"/> reads one).</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: everything runs. When set, every step and foreach item that succeeded in that
    /// run is restored with its recorded output instead of running; the rest run. Inputs the run recorded are used
    /// unless <see cref="Inputs"/> gives them again. A run of other workflow definitions is refused with
    /// <see cref="ResumeRefusedException"/> before anything runs.
    /// </value>
    public RunResult? ResumeFrom { get; set; }

    /// <summary>Gets scripted answers to <c>input</c> steps: <c>workflow.step</c> (every item of a foreach step) or <c>workflow.step[index]</c> for one item.</summary>
    /// <value>
    /// Empty by default. A scripted answer is checked as any answer is (one of the options, or valid for the schema) and
    /// recorded with <c>"via": "test"</c>; a question without one waits on the program's channels.
    /// </value>
    public IDictionary<string, string> Answers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how the generated program's answer channels are reached: its run file and command, and whether to park.</summary>
    internal Answers.AnswerChannels? AnswerChannels { get; set; }

    private IModelBackend? ModelBackend(string kind) => Backends.TryGetValue(kind, out var backend) ? backend as IModelBackend : null;

    private void SetModelBackend(string kind, IModelBackend? backend)
    {
        if (backend is null)
        {
            Backends.Remove(kind);
        }
        else
        {
            Backends[kind] = backend;
        }
    }
}
