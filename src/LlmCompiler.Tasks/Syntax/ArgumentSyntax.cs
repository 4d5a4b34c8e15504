using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary>One entry of a name-to-template mapping: a call's <c>with</c> or a workflow's <c>outputs</c>.</summary>
internal sealed record ArgumentSyntax(ScalarSyntax Name, Template Value, SourceSpan ValueSpan);
