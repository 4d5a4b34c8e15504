namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// Thrown by an input step's runner when the run parks instead of waiting (<c>--park</c>): the step is recorded
/// <c>waiting</c>, its workflow stops there, and the run file lists the question.
/// </summary>
internal sealed class AnswerParkedException : Exception
{
    public AnswerParkedException(string key)
        : base($"waiting for an answer to {key}") => Key = key;

    public string Key { get; }
}
