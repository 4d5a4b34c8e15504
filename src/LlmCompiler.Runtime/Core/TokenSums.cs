namespace LlmCompiler.Runtime.Core;

/// <summary>
/// A step's token counts from those of its parts (foreach items, loop iterations): the sum of the parts that report
/// one, and null when none does, so that a step that used no model shows no count rather than zero.
/// </summary>
internal static class TokenSums
{
    public static long? Of(IEnumerable<long?> values)
    {
        long? total = null;
        foreach (var value in values)
        {
            if (value is { } v)
            {
                total = (total ?? 0) + v;
            }
        }

        return total;
    }
}
