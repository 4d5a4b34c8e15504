namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>A problem found in a workflow file, with where it is and what to do about it.</summary>
internal sealed record Diagnostic(DiagnosticDescriptor Descriptor, SourceSpan Span, string Message)
{
    public string Id => Descriptor.Id;

    public DiagnosticSeverity Severity => Descriptor.Severity;

    /// <summary>The canonical MSBuild form, <c>file(line,col): error CODE: message</c>, for tests and logs.</summary>
    public override string ToString() =>
        $"{Span.File}({Span.Line},{Span.Column}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}
