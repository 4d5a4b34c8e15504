namespace LlmCompiler.Runtime;

/// <summary>Who answered an <c>input</c> step, when, and through which channel; the answer itself is the step's output.</summary>
/// <param name="Who">The user name of whoever answered (<c>timeout</c> when the default was taken).</param>
/// <param name="When">When the answer was given.</param>
/// <param name="Via">The channel: <c>terminal</c>, <c>cli</c>, <c>web</c>, <c>test</c> or <c>timeout</c>.</param>
public sealed record AnswerRecord(string Who, DateTimeOffset When, string Via)
{
    /// <summary>The channel of <c>app answer</c>.</summary>
    public const string Cli = "cli";

    /// <summary>The channel of a scripted answer (<c>LlmCompiler.Testing</c>'s <c>WithAnswer</c>, <see cref="WorkflowRunOptions.Answers"/>).</summary>
    public const string Test = "test";

    /// <summary>The channel of the default taken when the timeout passed.</summary>
    public const string Timeout = "timeout";

    /// <summary>The channel of a prompt at the program's terminal.</summary>
    public const string Terminal = "terminal";
}
