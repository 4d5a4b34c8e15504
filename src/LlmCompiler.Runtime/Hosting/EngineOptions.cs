using System.CommandLine;
using System.Text.RegularExpressions;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// The command line's engine settings: <c>--engine</c>, <c>--connection</c>, <c>--task-hub</c>, <c>--no-worker</c>,
/// each with its environment variable. The connection string is a secret: it is read, handed to the engine and
/// never printed, not even in <c>--help</c> (which shows the variable's name only).
/// </summary>
/// <remarks>
/// <c>--help</c> lists these options, and the <c>worker</c> and <c>runs</c> commands, only when a plugin registered an
/// engine (<see cref="Offered"/>): with the embedded engine alone every one of them can only fail. They are hidden, not
/// left out: <c>--engine embedded</c> in a script still works, and <c>--engine durabletask</c> or <c>worker</c> still
/// says how to build a program that has the durable engine, instead of "unrecognized argument".
/// </remarks>
internal sealed partial class EngineOptions
{
    public const string EngineVariable = "LLMC_ENGINE";
    public const string ConnectionVariable = "LLMC_DURABLETASK_CONNECTION";
    public const string TaskHubVariable = "LLMC_DURABLETASK_HUB";

    /// <summary>The name the durable engine package registers.</summary>
    private const string DurableEngine = "durabletask";

    /// <summary>Printed when a program lacks the engine it is asked for: how to build one that has it.</summary>
    private const string HowToAdd = "build the program with <LlmCompilerDurableTask>true</LlmCompilerDurableTask> in its project to include the durable engine";

    public Option<string?> Engine { get; } = new("--engine")
    {
        Description = $"Where the run executes: embedded (in this process, the default) or durabletask (default: ${EngineVariable}).",
        HelpName = "name",
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = $"The durable engine's storage connection string, a secret (default: ${ConnectionVariable}); e.g. UseDevelopmentStorage=true for Azurite.",
        HelpName = "connection-string",
    };

    public Option<string?> TaskHub { get; } = new("--task-hub")
    {
        Description = $"The durable engine's task hub (default: ${TaskHubVariable}, else derived from the program name).",
        HelpName = "name",
    };

    public Option<bool> NoWorker { get; } = new("--no-worker")
    {
        Description = "With the durable engine, start the run without hosting a worker in this process: separate 'worker' processes run its steps.",
    };

    public Option<string?> RunId { get; } = new("--run-id")
    {
        Description = "With the durable engine, the run's id: a run of this id that exists already is attached to (its progress printed, its run file written), not started again.",
        HelpName = "id",
    };

    /// <summary>Initializes the options from the registry the program starts with.</summary>
    public EngineOptions()
        : this(PluginRegistry.Current)
    {
    }

    /// <summary>Initializes the options, listed in <c>--help</c> only when <paramref name="registry"/> has an engine besides the embedded one.</summary>
    public EngineOptions(PluginRegistry registry)
    {
        Offered = registry.Engines.Count > 0;
        foreach (var option in new Option[] { Engine, Connection, TaskHub, NoWorker, RunId })
        {
            option.Hidden = !Offered;
        }
    }

    /// <summary>Gets whether the program has an engine besides the embedded one, so that the engine options and commands are listed in <c>--help</c>.</summary>
    public bool Offered { get; }

    /// <summary>Why an engine command cannot run with the embedded engine, and how to get one that can: <paramref name="need"/> and, when the program has no other engine, how to build one that has.</summary>
    public string NeedsEngine(string need) => Offered ? need : $"{need}; this program has only the embedded engine: {HowToAdd}";

    public void AddTo(Command command, bool run)
    {
        AddStoreOptions(command);
        if (run)
        {
            command.Options.Add(NoWorker);
            command.Options.Add(RunId);
        }
    }

    /// <summary>Adds the options that say which store and task hub: enough for the <c>runs</c> commands.</summary>
    public void AddStoreOptions(Command command)
    {
        command.Options.Add(Engine);
        command.Options.Add(Connection);
        command.Options.Add(TaskHub);
    }

    /// <summary>The selected engine's name: the option, else the environment, else embedded.</summary>
    public string EngineName(ParseResult parse) =>
        NonEmpty(parse.GetValue(Engine)) ?? NonEmpty(Environment.GetEnvironmentVariable(EngineVariable)) ?? PluginRegistry.EmbeddedEngine;

    /// <summary>The engine and its request, or a message saying why there is none (exit 2).</summary>
    public (IWorkflowEngine? Engine, EngineRequest Request, string? Problem) Resolve(ParseResult parse, IReadOnlyList<Workflow> workflows, WorkflowRunOptions options, string programName)
    {
        var name = EngineName(parse);
        var request = new EngineRequest(workflows, options, programName)
        {
            Connection = NonEmpty(parse.GetValue(Connection)) ?? NonEmpty(Environment.GetEnvironmentVariable(ConnectionVariable)),
            TaskHub = NonEmpty(parse.GetValue(TaskHub)) ?? NonEmpty(Environment.GetEnvironmentVariable(TaskHubVariable)),
            HostWorker = !parse.GetValue(NoWorker),
            RunId = NonEmpty(parse.GetValue(RunId)),
        };
        var registry = PluginRegistry.Current;
        if (!registry.Engines.TryGetValue(name, out var factory))
        {
            // Say what this program has; how to add the durable engine only when it lacks it.
            var names = registry.EngineNames;
            var add = names.Contains(DurableEngine, StringComparer.OrdinalIgnoreCase) ? string.Empty : "; " + HowToAdd;
            return (null, request, $"this program has no engine '{name}' (--engine / {EngineVariable}); it has: {string.Join(", ", names)}{add}");
        }

        if (request.RunId is { } id && !IsValidRunId(id))
        {
            return (null, request, $"the run id '{id}' (--run-id) is not valid: 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }

        return request.Connection is null
            ? (null, request, $"the {name} engine needs a storage connection string: --connection or {ConnectionVariable} (UseDevelopmentStorage=true for Azurite)")
            : (factory(), request, null);
    }

    /// <summary>
    /// Why the embedded engine cannot take this command line, or <see langword="null"/>: <c>--run-id</c> promises a run that
    /// outlives its client and can be attached to, and the embedded engine keeps no run anywhere but in its own process.
    /// Ignoring it would let an operator believe the promise holds.
    /// </summary>
    public string? EmbeddedProblem(ParseResult parse) =>
        NonEmpty(parse.GetValue(RunId)) is { } id
            ? NeedsEngine($"--run-id '{id}' needs the durable engine (--engine durabletask or {EngineVariable}): the embedded engine keeps no runs to attach to; a crashed embedded run is continued with --resume RUNFILE")
            : null;

    /// <summary>A run id starts every instance id of its run, up to a colon, and is a storage table key: no colon, slash or '#'.</summary>
    public static bool IsValidRunId(string id) => RunIdPattern().IsMatch(id);

    public static bool IsEmbedded(string name) => string.Equals(name, PluginRegistry.EmbeddedEngine, StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex RunIdPattern();
}
