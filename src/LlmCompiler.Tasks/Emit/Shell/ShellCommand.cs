namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>A rewritten command and the environment variables (name → workflow variable) that carry its values.</summary>
internal sealed record ShellCommand(string Command, IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    /// <summary>Gets the values that stand where the shell evaluates arithmetic, which the runtime lets through only as integers.</summary>
    public IReadOnlyList<ArithmeticValue> IntegerValues { get; init; } = [];
}

/// <summary>An environment variable whose value stands in shell arithmetic: the template as written and where it stands, for the run-time message.</summary>
internal sealed record ArithmeticValue(string Variable, string Template, string Where);
