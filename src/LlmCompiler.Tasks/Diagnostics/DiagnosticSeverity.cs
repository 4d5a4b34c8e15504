namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>How MSBuild reports a diagnostic.</summary>
internal enum DiagnosticSeverity
{
    Error,
    Warning,
    Info,
}
