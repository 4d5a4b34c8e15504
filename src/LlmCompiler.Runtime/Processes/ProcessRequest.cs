namespace LlmCompiler.Runtime.Processes;

/// <summary>A command to start: program, arguments, directory, extra environment, and whether stdout is captured.</summary>
internal sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    bool CaptureStdout)
{
    /// <summary>Gets whether the child gets this program's environment under <see cref="Environment"/>; when not, it gets <see cref="Environment"/> alone (an MCP server).</summary>
    public bool InheritEnvironment { get; init; } = true;
}
