using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>A step as written: its <see cref="StepFields"/> values. The checker decides which are required.</summary>
internal sealed record StepSyntax(FieldValues Fields)
{
    public SourceSpan Span => Fields.Span;

    public ScalarSyntax? Name => Fields.Get<ScalarSyntax>(StepFields.Name);

    public ScalarSyntax? Type => Fields.Get<ScalarSyntax>(StepFields.Type);

    public ScalarSyntax? Output => Fields.Get<ScalarSyntax>(StepFields.Output);
}
