namespace LlmCompiler.Runtime.Processes;

/// <summary>A command to start: program, arguments, directory, extra environment, and whether stdout is captured.</summary>
internal sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    bool CaptureStdout);
