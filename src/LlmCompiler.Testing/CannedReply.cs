namespace LlmCompiler.Testing;

/// <summary>A canned model reply: which calls it answers, and how.</summary>
/// <param name="Matches">Whether it answers a call, from the call's workflow, step and rendered prompt.</param>
/// <param name="Reply">The reply, from the rendered prompt.</param>
internal sealed record CannedReply(Func<string, string, string, bool> Matches, Func<string, string> Reply);
