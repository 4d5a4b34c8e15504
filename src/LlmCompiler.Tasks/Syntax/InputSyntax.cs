using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>One entry of a workflow's <c>inputs</c>: its name and its settings as written.</summary>
internal sealed record InputSyntax(ScalarSyntax Name, SourceSpan Span)
{
    public ScalarSyntax? Type { get; init; }

    public ScalarSyntax? Default { get; init; }

    public Located<bool>? Required { get; init; }

    public ScalarSyntax? Description { get; init; }
}
