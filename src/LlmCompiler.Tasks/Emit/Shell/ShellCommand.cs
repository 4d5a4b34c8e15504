namespace LlmCompiler.Tasks.Emit.Shell;

/// <summary>A rewritten command and the environment variables (name → workflow variable) that carry its values.</summary>
internal sealed record ShellCommand(string Command, IReadOnlyList<KeyValuePair<string, string>> Environment);
