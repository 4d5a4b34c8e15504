namespace LlmCompiler.Tasks.Language;

/// <summary>The fields of <c>retry: { … }</c>; <c>retry: 3</c> is short for <c>max_attempts: 3</c>.</summary>
internal static class RetryFields
{
    public static readonly FieldDescriptor MaxAttempts = new("max_attempts", ValueKind.Integer, "Attempts in all, the first included.")
    {
        Range = new NumberRange(1, MinExclusive: false, 100),
        Property = "MaxAttempts",
    };

    public static readonly FieldDescriptor Backoff = new("backoff", ValueKind.Seconds, "Seconds before the first retry, doubling for each next one (at most an hour).")
    {
        Range = new NumberRange(0, MinExclusive: false, 1_000_000) { Unit = "seconds" },
        Property = "RetryBackoff",
    };

    public static IReadOnlyList<FieldDescriptor> All { get; } = [MaxAttempts, Backoff];
}
