namespace LlmCompiler.Runtime;

/// <summary>Thrown by step runners and backends to fail a step with a message meant for the user.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, as the run file and console will show it.</param>
    /// <param name="exitCode">The exit code of the step's process, if it had one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public StepFailedException(string message, int? exitCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>Gets the exit code of the step's process, if it had one.</summary>
    public int? ExitCode { get; }
}
