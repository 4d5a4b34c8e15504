namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>Reads random choices one at a time; past the end it answers 0, the simplest choice.</summary>
internal sealed class Choices(int[] values)
{
    private int _next;

    public int Next(int count) => _next < values.Length ? values[_next++] % count : 0;

    public bool Remaining => _next < values.Length;
}
