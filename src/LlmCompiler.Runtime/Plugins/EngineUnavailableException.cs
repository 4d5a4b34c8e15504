namespace LlmCompiler.Runtime.Plugins;

/// <summary>Thrown when an engine cannot reach its store; the message names the setting to fix and never holds a secret.</summary>
public sealed class EngineUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and which setting to check, without the secret's value.</param>
    public EngineUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and which setting to check, without the secret's value.</param>
    /// <param name="innerException">The cause.</param>
    public EngineUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the run as recorded when the store was lost after it had started (status failed), for the run file; <see langword="null"/> when no run had started.</summary>
    public RunResult? Run { get; init; }
}
