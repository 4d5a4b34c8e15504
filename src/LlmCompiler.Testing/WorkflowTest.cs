using LlmCompiler.Runtime;

namespace LlmCompiler.Testing;

/// <summary>
/// Runs compiled workflows in-process for a test: model steps get canned replies (or recorded ones), shell steps run
/// for real (they are the project's own code) unless the test gives one a stand-in command.
/// </summary>
/// <example>
/// <code>
/// var run = await WorkflowTest.For(LlmCompilerWorkflows.All)
///     .Reply("producer.summarize", "All good.")
///     .RunAsync();
/// run.AssertSucceeded();
/// run.AssertOutput("producer.summarize", "All good.");
/// </code>
/// </example>
/// <remarks>Configure it from one thread; <see cref="RunAsync"/> may be called more than once, each run independent.</remarks>
public sealed class WorkflowTest
{
    private readonly IReadOnlyList<Workflow> _workflows;
    private readonly List<(string Step, Func<string, string> Reply)> _stepReplies = [];
    private readonly List<(Func<string, bool> Predicate, Func<string, string> Reply)> _promptReplies = [];
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _answers = new(StringComparer.Ordinal);
    private readonly List<(string Step, string Command)> _commands = [];
    private string? _directory;
    private string? _replayDirectory;

    private WorkflowTest(IReadOnlyList<Workflow> workflows) => _workflows = workflows;

    /// <summary>Starts a test of <paramref name="workflows"/> (a project's <c>LlmCompilerWorkflows.All</c>, or some of its workflows' <c>Definition</c>).</summary>
    /// <param name="workflows">The workflows to run, concurrently as the program would.</param>
    /// <returns>The test, to configure.</returns>
    /// <exception cref="ArgumentException">No workflow is given.</exception>
    public static WorkflowTest For(IReadOnlyList<Workflow> workflows)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        if (workflows.Count == 0)
        {
            throw new ArgumentException("give at least one workflow", nameof(workflows));
        }

        return new WorkflowTest(workflows);
    }

    /// <summary>Starts a test of the given workflows.</summary>
    /// <param name="workflows">The workflows to run.</param>
    /// <returns>The test, to configure.</returns>
    public static WorkflowTest For(params Workflow[] workflows) => For((IReadOnlyList<Workflow>)workflows);

    /// <summary>Answers every call of a model step with <paramref name="reply"/>.</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name when no other workflow has one of that name.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>This test.</returns>
    public WorkflowTest Reply(string step, string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Reply(step, _ => reply);
    }

    /// <summary>Answers each call of a model step with a reply made from its rendered prompt (a foreach step calls once per item).</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name when no other workflow has one of that name.</param>
    /// <param name="reply">Makes the reply from the prompt.</param>
    /// <returns>This test.</returns>
    public WorkflowTest Reply(string step, Func<string, string> reply)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentNullException.ThrowIfNull(reply);
        _stepReplies.Add((step, reply));
        return this;
    }

    /// <summary>Answers any model call whose rendered prompt satisfies <paramref name="predicate"/>; replies by step are tried first.</summary>
    /// <param name="predicate">Tests the prompt.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>This test.</returns>
    public WorkflowTest ReplyWhen(Func<string, bool> predicate, string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return ReplyWhen(predicate, _ => reply);
    }

    /// <summary>Answers any model call whose rendered prompt satisfies <paramref name="predicate"/> with a reply made from the prompt.</summary>
    /// <param name="predicate">Tests the prompt.</param>
    /// <param name="reply">Makes the reply from the prompt.</param>
    /// <returns>This test.</returns>
    public WorkflowTest ReplyWhen(Func<string, bool> predicate, Func<string, string> reply)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(reply);
        _promptReplies.Add((predicate, reply));
        return this;
    }

    /// <summary>Answers every model call from the recordings in <paramref name="directory"/> (made with a program's <c>--record</c>) instead of canned replies.</summary>
    /// <param name="directory">The recordings' directory.</param>
    /// <returns>This test.</returns>
    /// <remarks>A request that was never recorded fails its step with what differs from the closest recording.</remarks>
    public WorkflowTest ReplayFrom(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _replayDirectory = directory;
        return this;
    }

    /// <summary>Sets a workflow input, as <c>--input name=value</c> would.</summary>
    /// <param name="name"><c>name</c> for every workflow that declares it, or <c>workflow.name</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This test.</returns>
    public WorkflowTest WithInput(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _inputs[name] = value;
        return this;
    }

    /// <summary>Answers an input step (<c>type: input</c>), as a person would; the run file records it <c>"via": "test"</c>.</summary>
    /// <param name="step"><c>workflow.step</c> (every item of a foreach step), or <c>workflow.step[index]</c> for one item.</param>
    /// <param name="answer">One of the step's options, or JSON valid for its schema; anything else fails the step, as it would at run time.</param>
    /// <returns>This test.</returns>
    /// <remarks>A question with no scripted answer (and none replayed) fails its step, unless its timeout passes to a default.</remarks>
    public WorkflowTest WithAnswer(string step, string answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentNullException.ThrowIfNull(answer);
        _answers[step] = answer;
        return this;
    }

    /// <summary>Runs shell steps in <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory; by default each run gets a new empty one under the temporary folder.</param>
    /// <returns>This test.</returns>
    public WorkflowTest InDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
        return this;
    }

    /// <summary>Runs <paramref name="command"/> in place of a shell step's command, for this test only.</summary>
    /// <param name="step"><c>workflow.step</c>, or the step's name when no other workflow has one of that name.</param>
    /// <param name="command">The stand-in command; the step's variables still reach it as environment variables.</param>
    /// <returns>This test.</returns>
    public WorkflowTest ReplaceCommand(string step, string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentNullException.ThrowIfNull(command);
        _commands.Add((step, command));
        return this;
    }

    /// <summary>A scripted answer must name an input step of these workflows, so a typo fails the test instead of leaving the question unanswered.</summary>
    private static void CheckAnswered(IReadOnlyList<Workflow> workflows, string question)
    {
        var name = question.Split('[')[0];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var step = dot < 0 ? null : workflows.FirstOrDefault(w => w.Name == name[..dot])?.Steps.FirstOrDefault(s => s.Name == name[(dot + 1)..]);
        if (step is not InputStep)
        {
            var inputs = workflows.SelectMany(w => w.Steps.OfType<InputStep>().Select(s => $"{w.Name}.{s.Name}")).ToList();
            throw new ArgumentException(
                $"WithAnswer(\"{question}\"): {(step is null ? "no such step" : $"a {step.Kind} step, not an input step")}; the input steps are {(inputs.Count == 0 ? "none" : string.Join(", ", inputs))}",
                nameof(question));
        }
    }

    /// <summary>Runs the workflows and returns what happened; a failing step is in the result, not thrown.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run, with assertion helpers.</returns>
    /// <exception cref="ArgumentException">A step named in <see cref="Reply(string, string)"/> or <see cref="ReplaceCommand"/> does not exist, or is of the wrong type.</exception>
    /// <exception cref="InvalidOperationException">Both canned replies and <see cref="ReplayFrom"/> are given.</exception>
    /// <exception cref="InvalidInputsException">An input is missing, unknown or of the wrong type.</exception>
    public async Task<WorkflowTestResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (_replayDirectory is not null && (_stepReplies.Count > 0 || _promptReplies.Count > 0))
        {
            throw new InvalidOperationException("a test either replays recordings (ReplayFrom) or gives canned replies (Reply, ReplyWhen), not both");
        }

        var workflows = WithCommands();
        var models = new CannedModels(CannedReplies(workflows), workflows);
        var directory = _directory ?? Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "llmc-test-" + Guid.NewGuid().ToString("N"))).FullName;
        var output = new StringWriter();
        var log = new StringWriter();
        var options = new WorkflowRunOptions
        {
            Output = TextWriter.Synchronized(output),
            Log = TextWriter.Synchronized(log),
            WorkingDirectory = directory,
            Recording = _replayDirectory is null ? null : new ModelRecordingOptions(_replayDirectory, ModelRecordingMode.Replay),
        };
        // Every model step kind (llm, local_llm, any other of these workflows) is answered by the canned models,
        // whatever backends the process registered: a test never reaches a model or a server.
        foreach (var kind in workflows.SelectMany(w => w.Steps).OfType<ModelStep>().Select(s => s.Kind).Concat(["llm", "local_llm"]).Distinct(StringComparer.Ordinal))
        {
            options.Backends[kind] = models;
        }

        foreach (var (name, value) in _inputs)
        {
            options.Inputs[name] = value;
        }

        foreach (var (question, answer) in _answers)
        {
            CheckAnswered(workflows, question);
            options.Answers[question] = answer;
        }

        var result = await WorkflowRunner.RunAsync(workflows, options, cancellationToken).ConfigureAwait(false);
        return new WorkflowTestResult(result, models.Calls, output.ToString(), log.ToString(), directory);
    }

    private List<CannedReply> CannedReplies(IReadOnlyList<Workflow> workflows)
    {
        var replies = new List<CannedReply>();
        foreach (var (path, reply) in _stepReplies)
        {
            var (workflow, step) = StepPath.Resolve(StepPath.Of(workflows), path);
            if (workflows.First(w => w.Name == workflow).Steps.First(s => s.Name == step) is not ModelStep)
            {
                throw new ArgumentException($"'{workflow}.{step}' is not a model step (llm or local_llm): only model steps take replies");
            }

            replies.Add(new CannedReply((w, s, _) => w == workflow && s == step, reply));
        }

        foreach (var (predicate, reply) in _promptReplies)
        {
            replies.Add(new CannedReply((_, _, prompt) => predicate(prompt), reply));
        }

        return replies;
    }

    private List<Workflow> WithCommands()
    {
        var workflows = _workflows.ToList();
        foreach (var (path, command) in _commands)
        {
            var (workflowName, stepName) = StepPath.Resolve(StepPath.Of(workflows), path);
            var index = workflows.FindIndex(w => w.Name == workflowName);
            var steps = workflows[index].Steps.ToList();
            var at = steps.FindIndex(s => s.Name == stepName);
            steps[at] = steps[at] is ShellStep shell
                ? shell.WithCommand(command)
                : throw new ArgumentException($"'{workflowName}.{stepName}' is a {steps[at].Kind} step: only shell steps have a command to replace");
            workflows[index] = workflows[index].WithSteps(steps);
        }

        return workflows;
    }
}
