using System.CommandLine;
using System.Globalization;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// <c>app runs list | show ID | attach ID | cancel ID</c>: an operator's view of the runs of an engine whose runs outlive
/// their client (the durable engine). Attaching follows a run as the client that started it would (progress, the run
/// file, the run's exit code), so a run whose client died is still reported and recorded.
/// </summary>
internal static class RunsCommand
{
    private const string NeedsDurable = "'runs' reads the durable engine's task hub: --engine durabletask (or LLMC_ENGINE); the embedded engine keeps no runs";

    public static Command Create(
        IReadOnlyList<Workflow> workflows,
        string programName,
        Action<WorkflowRunOptions>? configure,
        EngineOptions engineOptions,
        Option<bool> quietOption,
        Option<string?> runFileOption,
        Action<int> exit)
    {
        var runs = new Command("runs", "The durable engine's runs in the task hub: list them, show one, attach to one (waits, prints progress, writes the run file, exits with its code) or cancel one.");
        // Listed only beside an engine: the embedded engine keeps no runs (IWorkflowRuns), so without one every 'runs' command fails.
        runs.Hidden = !engineOptions.Offered;
        var list = new Command("list", "List the task hub's runs, newest first: id, status, when started and last changed.");
        var id = new Argument<string>("id") { Description = "The run's id, as 'runs list' or the run's first line prints it." };
        var show = new Command("show", "Show one run: its status and each workflow's status and last progress line.") { id };
        var attach = new Command("attach", "Follow one run until it ends, as the client that started it would: print its progress, write its run file, exit with its exit code. Ctrl+C cancels the run.") { id, quietOption, runFileOption };
        var cancel = new Command("cancel", "Cancel one run as Ctrl+C would: steps in flight are left, cleanup steps (always(), cancelled()) still run.") { id };
        foreach (var command in new[] { list, show, attach, cancel })
        {
            engineOptions.AddStoreOptions(command);
            runs.Subcommands.Add(command);
        }

        list.SetAction((parse, token) => RunAsync(parse, workflows, programName, configure, engineOptions, exit, async (runs, request, log) =>
        {
            foreach (var run in await runs.ListRunsAsync(request, token).ConfigureAwait(false))
            {
                log.Output.WriteLine(Line(run));
            }

            return 0;
        }));
        show.SetAction((parse, token) => RunAsync(parse, workflows, programName, configure, engineOptions, exit, async (runs, request, log) =>
        {
            var runId = parse.GetValue(id)!;
            if (await runs.FindRunAsync(request, runId, token).ConfigureAwait(false) is not { } run)
            {
                return NotFound(log, runId);
            }

            log.Output.WriteLine(Line(run));
            foreach (var detail in run.Details)
            {
                log.Output.WriteLine("  " + detail);
            }

            return 0;
        }));
        cancel.SetAction((parse, token) => RunAsync(parse, workflows, programName, configure, engineOptions, exit, async (runs, request, log) =>
        {
            var runId = parse.GetValue(id)!;
            if (await runs.CancelRunAsync(request, runId, token).ConfigureAwait(false) is not { } run)
            {
                return NotFound(log, runId);
            }

            log.Log.WriteLine(run.Ended
                ? $"run {runId} had already ended ({run.Status}); nothing to cancel"
                : $"run {runId}: cancelled; steps in flight are left, cleanup steps still run (app runs attach {runId} follows it to its end)");
            return 0;
        }));
        attach.SetAction(async (parse, _) =>
        {
            var options = new WorkflowRunOptions { Quiet = parse.GetValue(quietOption) };
            configure?.Invoke(options);
            var (engine, request, problem) = engineOptions.Resolve(parse, workflows, options, programName);
            var runId = parse.GetValue(id)!;
            if (engine is null || !EngineOptions.IsValidRunId(runId))
            {
                options.Log.WriteLine($"error: {(EngineOptions.IsEmbedded(engineOptions.EngineName(parse)) ? engineOptions.NeedsEngine(NeedsDurable) : problem ?? $"the run id '{runId}' is not valid")}");
                exit(2);
                return;
            }

            var runFile = WorkflowProgram.RunFilePath(parse.GetValue(runFileOption), programName);
            request = request with { RunId = runId, AttachOnly = true, HostWorker = false };
            try
            {
                exit(await WorkflowProgram.RunAndRecordAsync(workflows, options, runFile, programName, parse.GetValue<bool>("--verbose"), (token, stop) => engine.RunAsync(request with { StopToken = stop }, token)).ConfigureAwait(false));
            }
            catch (InvalidInputsException e)
            {
                options.Log.WriteLine($"error: {e.Message}");
                exit(2);
            }
            catch (EngineUnavailableException e)
            {
                options.Log.WriteLine($"error: {e.Message}");
                exit(EngineHost.UnavailableExitCode);
            }
        });
        return runs;
    }

    private static string Line(RunSummary run) => string.Create(
        CultureInfo.InvariantCulture,
        $"{run.Id}  {run.Status,-10}  started {run.CreatedAt:u}  updated {run.UpdatedAt:u}");

    private static int NotFound(WorkflowRunOptions options, string runId)
    {
        options.Log.WriteLine($"error: the task hub has no run '{runId}' (app runs list shows the runs)");
        return 2;
    }

    /// <summary>Resolves the engine, runs one of the read or cancel commands, and maps its failures to exit codes (2 bad name or engine, 3 store, 1 a run that did not do what the command waited for).</summary>
    private static async Task RunAsync(
        ParseResult parse,
        IReadOnlyList<Workflow> workflows,
        string programName,
        Action<WorkflowRunOptions>? configure,
        EngineOptions engineOptions,
        Action<int> exit,
        Func<IWorkflowRuns, EngineRequest, WorkflowRunOptions, Task<int>> command)
    {
        var options = new WorkflowRunOptions();
        configure?.Invoke(options);
        var (engine, request, problem) = engineOptions.Resolve(parse, workflows, options, programName);
        if (engine is not IWorkflowRuns runs)
        {
            options.Log.WriteLine($"error: {(EngineOptions.IsEmbedded(engineOptions.EngineName(parse)) ? engineOptions.NeedsEngine(NeedsDurable) : problem ?? NeedsDurable)}");
            exit(2);
            return;
        }

        try
        {
            exit(await command(runs, request, options).ConfigureAwait(false));
        }
        catch (EngineUnavailableException e)
        {
            options.Log.WriteLine($"error: {e.Message}");
            exit(EngineHost.UnavailableExitCode);
        }
        catch (TimeoutException e)
        {
            // The store answered, but the run did not do what the command waits for (a cancel for workflows that never start).
            options.Log.WriteLine($"error: {e.Message}");
            exit(1);
        }
    }
}
