namespace LlmCompiler.Runtime;

/// <summary>A step that runs a command with <c>sh -c</c> (or <c>bash -c</c>, or <c>pwsh -Command</c>).</summary>
/// <remarks>
/// Template values never become part of <see cref="Command"/>: the compiler rewrites each <c>{{name}}</c> into a
/// quoted reference to an environment variable and <see cref="Environment"/> supplies the value, so the shell
/// receives it byte for byte and executes none of it.
/// </remarks>
public sealed class ShellStep : WorkflowStep
{
    /// <summary>Creates a shell step.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="command">The command passed to <c>sh -c</c>.</param>
    public ShellStep(string name, string command)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(command);
        Command = command;
    }

    /// <inheritdoc/>
    public override string Kind => "shell";

    /// <summary>A process per item, one per processor.</summary>
    internal override int DefaultMaxParallel(int processors) => processors;

    /// <summary>Gets the command passed to <c>sh -c</c>.</summary>
    public string Command { get; private set; }

    /// <summary>Gets the environment variables that carry template values into <see cref="Command"/>.</summary>
    /// <remarks>The workflow's and the step's <c>env</c> entries travel here too: values are never command text.</remarks>
    public Func<IVariables, IReadOnlyList<KeyValuePair<string, string>>>? Environment { get; init; }

    /// <summary>Gets the values of <see cref="Environment"/> that stand where the shell evaluates arithmetic: each must be an integer, or the step fails before the shell starts.</summary>
    public IReadOnlyList<ShellIntegerValue> IntegerValues { get; init; } = [];

    /// <summary>Gets the shell: <c>sh</c> (the default), <c>bash</c> or <c>pwsh</c>.</summary>
    public string Shell { get; init; } = "sh";

    /// <summary>Gets the directory the command runs in, or <see langword="null"/> for the program's working directory.</summary>
    public Func<IVariables, string>? WorkingDirectory { get; init; }

    /// <summary>Returns a copy of this step, every setting kept, that runs <paramref name="command"/> instead (a test's stand-in for a command).</summary>
    /// <param name="command">The command; template values are not substituted into it, but <see cref="Environment"/> still carries them.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is <see langword="null"/>.</exception>
    public ShellStep WithCommand(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var copy = (ShellStep)MemberwiseClone();
        copy.Command = command;
        return copy;
    }
}
