using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>
/// What the program does with an exception nothing else handles: one line naming it (the stack trace only with
/// <c>--verbose</c>), exit code 70, and, when a run had started, a run file that says the run failed and why.
/// </summary>
internal static class UnexpectedError
{
    /// <summary>The exit code (sysexits' EX_SOFTWARE): apart from 1, which means a workflow failed.</summary>
    public const int ExitCode = RunResult.UnexpectedErrorExitCode;

    /// <summary>Whether <paramref name="e"/> is one the command line answers itself (bad input, refused resume, engine setting or store).</summary>
    public static bool IsExpected(Exception e) =>
        e is InvalidInputsException or ResumeRefusedException or EngineSettingException or EngineUnavailableException;

    /// <summary>One line: the exception's type and the first line of its message (an AggregateException's innermost cause).</summary>
    public static string Describe(Exception e)
    {
        var cause = e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.FirstOrDefault() ?? e : e;
        var message = cause.Message.Split('\n', 2)[0].TrimEnd('\r');
        return $"{cause.GetType().Name}: {message}";
    }

    /// <summary>Prints the error line; with <paramref name="verbose"/> the whole exception (stack trace included) follows it.</summary>
    public static void Report(TextWriter log, Exception e, bool verbose)
    {
        if (verbose)
        {
            log.WriteLine($"error: unexpected error: {Describe(e)}");
            log.WriteLine(e.ToString());
            return;
        }

        log.WriteLine($"error: unexpected error: {Describe(e)} (--verbose shows the stack trace)");
    }

    /// <summary>The record of a run that broke off: failed, with the error; its steps as not run, since what they did is not known.</summary>
    public static RunResult BrokenRun(IReadOnlyList<Workflow> workflows, DateTimeOffset startedAt, Exception e) => new()
    {
        Status = RunStatus.Failed,
        StartedAt = startedAt,
        Duration = DateTimeOffset.UtcNow - startedAt,
        Error = Describe(e),
        Workflows = workflows.Where(w => !w.IsCalled).Select(w => new WorkflowResult
        {
            Name = w.Name,
            Status = RunStatus.Failed,
            DefinitionHash = DefinitionHashes.Of(w),
            Variables = new Dictionary<string, string>(),
            Steps = w.Steps.Select(s => new StepResult { Name = s.Name, Kind = s.Kind, Status = StepStatus.NotRun }).ToList(),
        }).ToList(),
    };
}
