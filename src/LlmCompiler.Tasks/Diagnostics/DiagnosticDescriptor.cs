namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>One diagnostic code: its id, default severity and a title for the docs table.</summary>
internal sealed record DiagnosticDescriptor(string Id, DiagnosticSeverity Severity, string Title);
