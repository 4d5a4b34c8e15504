using System.CommandLine;
using System.Runtime.InteropServices;
using LlmCompiler.Runtime.Hosting;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime;

/// <summary>The command line of a program generated from workflows: runs them all and writes the run file.</summary>
/// <remarks>
/// Exit codes: 0 when every workflow succeeded, 1 when any failed, 130 when cancelled by Ctrl+C, SIGTERM or SIGHUP,
/// 2 for a bad command line (bad inputs, or a <c>--resume</c> run file that is unreadable or records other
/// workflow definitions, an engine the program lacks, or a malformed engine setting), 75 when a run parked on questions (<c>--park</c>: status <c>waiting</c>), 3 when the engine's store cannot
/// be reached (the message names the setting: <c>--connection</c> / <c>LLMC_DURABLETASK_CONNECTION</c>), 70 when an
/// unexpected error broke the program off (one line names it; <c>--verbose</c> adds the stack trace). The run file is
/// written in every one of these cases except a bad command line (and except 70 before a run started; after, it records
/// the run <c>failed</c> with the error). After the first Ctrl+C, SIGTERM or SIGHUP, steps whose <c>if</c> uses
/// <c>always()</c> or <c>cancelled()</c> still run, within <see cref="WorkflowRunOptions.CancellationGracePeriod"/>; a
/// second signal stops them.
/// </remarks>
public static class WorkflowProgram
{
    /// <summary>The environment variable that overrides the run file's path.</summary>
    public const string RunFileVariable = "LLMC_RUN_FILE";

    /// <summary>The environment variable that records model calls to a directory, as <c>--record</c> does.</summary>
    public const string RecordVariable = "LLMC_RECORD";

    /// <summary>The environment variable that replays model calls from a directory, as <c>--replay</c> does.</summary>
    public const string ReplayVariable = "LLMC_REPLAY";

    /// <summary>The environment variable that parks a run on its questions (<c>1</c>), as <c>--park</c> does.</summary>
    public const string ParkVariable = "LLMC_PARK";

    /// <summary>The environment variable that caches model answers in a directory, as <c>--cache</c> does.</summary>
    public const string CacheVariable = "LLMC_CACHE";

    /// <summary>Parses <paramref name="args"/>, runs <paramref name="workflows"/> and returns the exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="workflows">The workflows to run.</param>
    /// <param name="programName">The program's name; the default run file is <c>{programName}_run.json</c>.</param>
    /// <param name="configure">Adjusts the run options (model backends, output) before the run starts.</param>
    /// <param name="graph">The workflows as a Mermaid flowchart, printed by <c>--graph</c> (the compiler writes it).</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyList<Workflow> workflows,
        string programName,
        Action<WorkflowRunOptions>? configure = null,
        string? graph = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentException.ThrowIfNullOrEmpty(programName);

        var runFileOption = new Option<string?>("--run-file")
        {
            Description = $"Where to write the run file (default: ${RunFileVariable}, else ./{programName}_run.json).",
            HelpName = "path",
        };
        var quietOption = new Option<bool>("--quiet", "-q")
        {
            Description = "Print only step output and errors, no progress lines.",
        };
        var graphOption = new Option<bool>("--graph")
        {
            Description = "Print the workflows as a Mermaid flowchart and exit, running nothing.",
        };
        var resumeOption = new Option<string?>("--resume")
        {
            Description = "Resume the run recorded in this run file: steps and foreach items that succeeded are restored, the rest run; its inputs are reused unless given again.",
            HelpName = "run-file",
        };
        var verboseOption = new Option<bool>("--verbose")
        {
            Description = "On an unexpected error, print its stack trace too.",
            Recursive = true,
        };
        var parkOption = new Option<bool>("--park")
        {
            Description = $"When an input step finds no answer, finish what can run, record the run 'waiting' with its questions and exit {RunResult.WaitingExitCode}; answer with 'answer … --run-file', then --resume (also ${ParkVariable}=1).",
        };
        var inputOption = ProgramInputs.CreateOption(workflows);
        var replies = new ProgramModelReplies();
        var engineOptions = new EngineOptions();
        var root = new RootCommand($"Runs the workflows of {programName}: {string.Join(", ", workflows.Select(w => w.Name))}.")
        {
            runFileOption,
            quietOption,
            inputOption,
            resumeOption,
            verboseOption,
            parkOption,
        };
        foreach (var option in replies.All)
        {
            root.Options.Add(option);
        }

        if (graph is not null)
        {
            root.Options.Add(graphOption);
        }

        engineOptions.AddTo(root, run: true);
        var exitCode = 0;
        var worker = new Command("worker", "Run a durable engine worker, which runs steps of any run of these workflows, until Ctrl+C or SIGTERM.")
        {
            quietOption,
        };
        worker.Hidden = !engineOptions.Offered;
        engineOptions.AddTo(worker, run: false);
        worker.SetAction(async (parseResult, _) =>
        {
            var options = new WorkflowRunOptions { Quiet = parseResult.GetValue(quietOption) };
            configure?.Invoke(options);
            var (engine, request, problem) = engineOptions.Resolve(parseResult, workflows, options, programName);
            if (engine is null)
            {
                options.Log.WriteLine($"error: {(EngineOptions.IsEmbedded(engineOptions.EngineName(parseResult)) ? engineOptions.NeedsEngine("'worker' needs a durable engine: --engine durabletask (or LLMC_ENGINE)") : problem)}");
                exitCode = 2;
                return;
            }

            exitCode = await EngineHost.WorkAsync(engine, request).ConfigureAwait(false);
        });
        root.Subcommands.Add(worker);
        root.Subcommands.Add(AnswerCommand.Create(workflows, programName, runFileOption, code => exitCode = code));
        root.Subcommands.Add(RunsCommand.Create(workflows, programName, configure, engineOptions, quietOption, runFileOption, code => exitCode = code));
        root.SetAction(async (parseResult, _) =>
        {
            if (graph is not null && parseResult.GetValue(graphOption))
            {
                Console.Out.WriteLine(graph);
                return;
            }

            var runFile = RunFilePath(parseResult.GetValue(runFileOption), programName);
            var options = new WorkflowRunOptions { Quiet = parseResult.GetValue(quietOption) };
            ProgramInputs.Apply(parseResult.GetValue(inputOption), options);
            if (replies.Apply(parseResult, options) is { } badReplies)
            {
                // A bad command line: nothing ran, so no run file; exit 2.
                options.Log.WriteLine($"error: {badReplies}");
                exitCode = 2;
                return;
            }

            options.AnswerChannels = new Answers.AnswerChannels(
                Path.GetFullPath(runFile), programName, parseResult.GetValue(parkOption) || Environment.GetEnvironmentVariable(ParkVariable) == "1");
            configure?.Invoke(options);
            try
            {
                if (parseResult.GetValue(resumeOption) is { } resume)
                {
                    options.ResumeFrom = await ReadResumeFileAsync(resume).ConfigureAwait(false);
                }

                if (EngineOptions.IsEmbedded(engineOptions.EngineName(parseResult)))
                {
                    if (engineOptions.EmbeddedProblem(parseResult) is { } embeddedProblem)
                    {
                        options.Log.WriteLine($"error: {embeddedProblem}");
                        exitCode = 2;
                        return;
                    }

                    exitCode = await RunAndRecordAsync(workflows, options, runFile, programName, parseResult.GetValue(verboseOption), (token, stop) => WorkflowRunner.RunAsync(workflows, options, token, stop)).ConfigureAwait(false);
                    return;
                }

                var (engine, request, problem) = engineOptions.Resolve(parseResult, workflows, options, programName);
                if (engine is null)
                {
                    options.Log.WriteLine($"error: {problem}");
                    exitCode = 2;
                    return;
                }

                exitCode = await RunAndRecordAsync(workflows, options, runFile, programName, parseResult.GetValue(verboseOption), (token, stop) => engine.RunAsync(request with { StopToken = stop }, token)).ConfigureAwait(false);
            }
            catch (InvalidInputsException e)
            {
                // Like any bad command line: nothing ran, so no run file; exit 2.
                foreach (var problem in e.Problems)
                {
                    options.Log.WriteLine($"error: {problem}");
                }

                exitCode = 2;
            }
            catch (ResumeRefusedException e)
            {
                options.Log.WriteLine($"error: --resume: {e.Message}");
                exitCode = 2;
            }
            catch (EngineSettingException e)
            {
                options.Log.WriteLine($"error: {e.Message}");
                exitCode = 2;
            }
            catch (EngineUnavailableException e)
            {
                options.Log.WriteLine($"error: {e.Message}");
                exitCode = EngineHost.UnavailableExitCode;
            }
        });

        // Cancellation is ours to handle (kill process trees, write the run file, exit 130), not the parser's; so is an
        // unexpected exception: the parser's handler prints the whole trace, and its exit code was lost (a crash exited 0).
        var parse = root.Parse(args);
        try
        {
            var invoked = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            return parse.Errors.Count > 0 ? 2 : exitCode != 0 ? exitCode : invoked;
        }
        catch (Exception e)
        {
            UnexpectedError.Report(Console.Error, e, parse.GetValue(verboseOption));
            return UnexpectedError.ExitCode;
        }
    }

    /// <summary>The run file's path: the one given, else <see cref="RunFileVariable"/>, else <c>{programName}_run.json</c>.</summary>
    internal static string RunFilePath(string? given, string programName) =>
        given ?? NonEmpty(Environment.GetEnvironmentVariable(RunFileVariable)) ?? programName + "_run.json";

    internal static async Task<int> RunAndRecordAsync(
        IReadOnlyList<Workflow> workflows,
        WorkflowRunOptions options,
        string runFile,
        string programName,
        bool verbose,
        Func<CancellationToken, CancellationToken, Task<RunResult>> run)
    {
        // Spans and metrics go out over OTLP only when the environment names an endpoint; disposing sends the last batch.
        using var telemetry = TelemetryExportStart.Start(PluginRegistry.Current, programName, Environment.GetEnvironmentVariable, Console.Error);

        // The first Ctrl+C or SIGTERM cancels the run (cleanup steps still run, within the grace period); a second stops them too.
        using var cancellation = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            if (cancellation.IsCancellationRequested)
            {
                stop.Cancel();
                return;
            }

            cancellation.Cancel();
            if (HasCleanupSteps(workflows) && options.CancellationGracePeriod > TimeSpan.Zero)
            {
                options.Log.WriteLine(
                    $"cancelling: cleanup steps (always(), cancelled()) run for up to {options.CancellationGracePeriod.TotalSeconds:0.#} s; press Ctrl+C again to stop them");
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

        // A closed terminal (SIGHUP) stops the run as SIGTERM does, rather than ending the process with no run file.
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

        var startedAt = DateTimeOffset.UtcNow;
        RunResult result;
        try
        {
            result = await run(cancellation.Token, stop.Token).ConfigureAwait(false);
        }
        catch (EngineUnavailableException e) when (e.Run is { } lost)
        {
            // The store went away mid-run: the run is recorded failed before the error (exit 3) is reported.
            await WriteRunFileAsync(runFile, lost, programName, options).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (!UnexpectedError.IsExpected(e))
        {
            // The run had started: it is recorded as failed, with the error, rather than lost.
            UnexpectedError.Report(options.Log, e, verbose);
            result = UnexpectedError.BrokenRun(workflows, startedAt, e);
        }

        return await WriteRunFileAsync(runFile, result, programName, options).ConfigureAwait(false);
    }

    private static async Task<int> WriteRunFileAsync(string runFile, RunResult result, string programName, WorkflowRunOptions options)
    {
        try
        {
            await RunFile.WriteAsync(runFile, result, programName, CancellationToken.None).ConfigureAwait(false);
            if (!options.Quiet)
            {
                options.Log.WriteLine($"run file: {Path.GetFullPath(runFile)}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            options.Log.WriteLine($"error: could not write the run file '{runFile}': {e.Message}");
            return result.ExitCode == 0 ? 1 : result.ExitCode;
        }

        return result.ExitCode;
    }

    private static async Task<RunResult> ReadResumeFileAsync(string path)
    {
        try
        {
            return await RunFile.ReadAsync(path).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ResumeRefusedException(string.Empty, $"cannot read the run file '{path}': {e.Message}");
        }
    }

    private static bool HasCleanupSteps(IReadOnlyList<Workflow> workflows) => workflows.Any(w => w.Steps.Any(s => s.ChecksStatus));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
