using System.CommandLine;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// The command line's engine settings: <c>--engine</c>, <c>--connection</c>, <c>--task-hub</c>, <c>--no-worker</c>,
/// each with its environment variable. The connection string is a secret: it is read, handed to the engine and
/// never printed, not even in <c>--help</c> (which shows the variable's name only).
/// </summary>
internal sealed class EngineOptions
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

    public void AddTo(Command command, bool run)
    {
        command.Options.Add(Engine);
        command.Options.Add(Connection);
        command.Options.Add(TaskHub);
        if (run)
        {
            command.Options.Add(NoWorker);
        }
    }

    /// <summary>The selected engine's name: the option, else the environment, else embedded.</summary>
    public string EngineName(ParseResult parse) =>
        NonEmpty(parse.GetValue(Engine)) ?? NonEmpty(Environment.GetEnvironmentVariable(EngineVariable)) ?? WorkflowEngines.Embedded;

    /// <summary>The engine and its request, or a message saying why there is none (exit 2).</summary>
    public (IWorkflowEngine? Engine, EngineRequest Request, string? Problem) Resolve(ParseResult parse, IReadOnlyList<Workflow> workflows, WorkflowRunOptions options, string programName)
    {
        var name = EngineName(parse);
        var request = new EngineRequest(workflows, options, programName)
        {
            Connection = NonEmpty(parse.GetValue(Connection)) ?? NonEmpty(Environment.GetEnvironmentVariable(ConnectionVariable)),
            TaskHub = NonEmpty(parse.GetValue(TaskHub)) ?? NonEmpty(Environment.GetEnvironmentVariable(TaskHubVariable)),
            HostWorker = !parse.GetValue(NoWorker),
        };
        if (WorkflowEngines.Find(name) is not { } factory)
        {
            // Say what this program has; how to add the durable engine only when it lacks it.
            var names = WorkflowEngines.Names();
            var add = names.Contains(DurableEngine, StringComparer.OrdinalIgnoreCase) ? string.Empty : "; " + HowToAdd;
            return (null, request, $"this program has no engine '{name}' (--engine / {EngineVariable}); it has: {string.Join(", ", names)}{add}");
        }

        return request.Connection is null
            ? (null, request, $"the {name} engine needs a storage connection string: --connection or {ConnectionVariable} (UseDevelopmentStorage=true for Azurite)")
            : (factory(), request, null);
    }

    public static bool IsEmbedded(string name) => string.Equals(name, WorkflowEngines.Embedded, StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
