using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>One entry of a workflow's <c>inputs</c>: its name and its <see cref="Language.InputFields"/> as written.</summary>
internal sealed record InputSyntax(ScalarSyntax Name, FieldValues Fields)
{
    public SourceSpan Span => Fields.Span;
}
