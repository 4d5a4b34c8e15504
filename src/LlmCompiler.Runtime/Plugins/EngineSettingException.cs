namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// Thrown when a setting given to an engine is not valid (a malformed task hub name, say): a bad command line, exit
/// code 2, as against <see cref="EngineUnavailableException"/>, a store that cannot be reached (exit code 3).
/// </summary>
public sealed class EngineSettingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which setting is wrong, the value when it is no secret, and what is allowed.</param>
    public EngineSettingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which setting is wrong, the value when it is no secret, and what is allowed.</param>
    /// <param name="innerException">The cause.</param>
    public EngineSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
