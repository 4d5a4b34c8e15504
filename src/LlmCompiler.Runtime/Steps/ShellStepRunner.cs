using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Processes;
using LlmCompiler.Runtime.Processes.Posix;


namespace LlmCompiler.Runtime.Steps;

/// <summary>Runs shell steps: <c>sh -c command</c> (or bash, or pwsh), values passed as environment variables.</summary>
internal sealed class ShellStepRunner : IStepRunner, IDisposable
{
    private readonly TextWriter _log;
    private readonly IProcessSpawner _spawner;
    private readonly string? _baseDirectory;

    /// <param name="log">Where the standard error of commands goes.</param>
    /// <param name="baseDirectory">The directory commands run in unless they set one (relative ones are taken from it); <see langword="null"/> for the process's.</param>
    public ShellStepRunner(TextWriter log, string? baseDirectory = null)
    {
        _log = log;
        _baseDirectory = baseDirectory is null ? null : Path.GetFullPath(baseDirectory);
        _spawner = PosixProcessSpawner.IsSupported ? new PosixProcessSpawner() : ManagedProcessSpawner.Instance;
    }

    public bool Runs(WorkflowStep step) => step is ShellStep;

    public Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync((ShellStep)attempt.Step, attempt.Variables, attempt.CapturesText, cancellationToken, attempt.AttemptId,
            StepLines.Prefix(attempt.Workflow, attempt.Step.Name, attempt.Item));

    /// <summary>Runs the step.</summary>
    /// <param name="step">The step.</param>
    /// <param name="variables">The workflow's variables, for the step's environment and working directory.</param>
    /// <param name="captureStdout">
    /// Whether to capture standard output. When not (a step without <c>output</c> that nothing waits for), the command
    /// writes straight to this process's standard output: live, and without the cost of a pipe.
    /// </param>
    /// <param name="cancellationToken">Cancels the step: the process tree is killed.</param>
    /// <param name="attemptId">The durable engine's stable id of this execution, passed as <see cref="AttemptIdVariable"/> so a command can be made idempotent.</param>
    /// <param name="linePrefix">What each of the command's stderr lines starts with in the log: its step's (or item's) prefix.</param>
    public async Task<StepOutcome> RunAsync(ShellStep step, IVariables variables, bool captureStdout, CancellationToken cancellationToken, string? attemptId = null, string linePrefix = "")
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = _baseDirectory;
        if (step.WorkingDirectory is { } workingDirectory)
        {
            directory = _baseDirectory is null ? workingDirectory(variables) : Path.Combine(_baseDirectory, workingDirectory(variables));
            if (!Directory.Exists(directory))
            {
                throw new StepFailedException($"working_directory '{directory}' does not exist");
            }
        }

        var environment = ArithmeticValues.Check(step.IntegerValues, step.Environment?.Invoke(variables) ?? []);
        var request = new ProcessRequest(
            step.Shell,
            [.. ShellArguments(step.Shell), step.Command],
            directory,
            attemptId is null ? environment : [.. environment, new(AttemptIdVariable, attemptId)],
            captureStdout);
        var stderr = new StderrTail(_log, linePrefix);
        var (exitCode, stdout) = await _spawner.RunAsync(request, stderr, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (exitCode != 0)
        {
            var tail = stderr.ToString();
            throw new StepFailedException(
                tail.Length == 0 ? $"command exited with code {exitCode}" : $"command exited with code {exitCode}: {tail}",
                exitCode);
        }

        var output = TrimTrailingNewlines(stdout);
        if (step.OutputSchema is { } schema)
        {
            output = StructuredOutput.Validate(schema, output, out var error)
                ?? throw new StepFailedException($"the command's standard output is not valid for the step's schema: {error}");
        }

        return new StepOutcome(output) { ExitCode = 0, Streamed = !captureStdout };
    }

    /// <summary>The environment variable that carries the durable engine's stable attempt id to a shell step.</summary>
    public const string AttemptIdVariable = "LLMC_ATTEMPT_ID";

    public void Dispose() => (_spawner as IDisposable)?.Dispose();

    /// <summary>The arguments before the command: each shell's way to run one command string and exit.</summary>
    private static string[] ShellArguments(string shell) => shell switch
    {
        "pwsh" => ["-NoProfile", "-NonInteractive", "-Command"],
        _ => ["-c"],
    };

    /// <summary>Removes trailing newlines, as the shell's <c>$(…)</c> does.</summary>
    internal static string TrimTrailingNewlines(string text)
    {
        var end = text.Length;
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }

        return end == text.Length ? text : text[..end];
    }
}
