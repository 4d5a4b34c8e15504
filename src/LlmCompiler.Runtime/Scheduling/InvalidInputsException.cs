namespace LlmCompiler.Runtime;

/// <summary>Thrown before a run starts when workflow inputs are missing, unknown or of the wrong type.</summary>
public sealed class InvalidInputsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem found, one message each.</param>
    public InvalidInputsException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found, one message each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
