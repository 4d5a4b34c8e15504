namespace LlmCompiler.Runtime.Processes;

/// <summary>Starts a child process with stdin at end-of-file, stderr read line by line, stdout captured or inherited.</summary>
internal interface IProcessSpawner
{
    /// <summary>Runs the process to its end and returns its exit code and captured stdout ("" when not captured).</summary>
    /// <remarks>Cancellation kills the process tree; the task then completes when the pipes close.</remarks>
    /// <exception cref="StepFailedException">The program could not be started.</exception>
    Task<(int ExitCode, string Stdout)> RunAsync(ProcessRequest request, StderrTail stderr, CancellationToken cancellationToken);
}
