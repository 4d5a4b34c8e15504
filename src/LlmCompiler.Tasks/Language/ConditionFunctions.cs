namespace LlmCompiler.Tasks.Language;

/// <summary>The functions <c>if</c> conditions can call. The checker takes names and argument counts from here.</summary>
internal static class ConditionFunctions
{
    public static readonly FunctionDescriptor Success = new("success", [], "No earlier step of the workflow has failed.") { ReadsStatus = true };

    public static readonly FunctionDescriptor Failure = new("failure", [], "An earlier step of the workflow has failed.") { ReadsStatus = true };

    public static readonly FunctionDescriptor Always = new("always", [], "Always true, even after a failure or a cancellation.") { ReadsStatus = true };

    public static readonly FunctionDescriptor Cancelled = new("cancelled", [], "The run was cancelled (Ctrl+C or SIGTERM).") { ReadsStatus = true };

    public static readonly FunctionDescriptor Contains = new("contains", ["text", "part"], "Whether text contains part, ignoring case.");

    public static readonly FunctionDescriptor StartsWith = new("startsWith", ["text", "prefix"], "Whether text starts with prefix, ignoring case.");

    public static readonly FunctionDescriptor EndsWith = new("endsWith", ["text", "suffix"], "Whether text ends with suffix, ignoring case.");

    public static IReadOnlyList<FunctionDescriptor> All { get; } = [Success, Failure, Always, Cancelled, Contains, StartsWith, EndsWith];
}
