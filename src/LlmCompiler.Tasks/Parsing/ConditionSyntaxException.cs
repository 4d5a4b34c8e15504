namespace LlmCompiler.Tasks.Parsing;

/// <summary>A condition syntax error between two offsets of its text; the parser reports it as LLMC2009 and gives up on that condition.</summary>
internal sealed class ConditionSyntaxException(string message, int start, int end) : Exception(message)
{
    public int Start { get; } = start;

    public int End { get; } = end;
}
