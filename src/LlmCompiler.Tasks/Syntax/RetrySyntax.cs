using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Syntax;

/// <summary><c>retry: 3</c> or <c>retry: { max_attempts: 3, backoff: 2 }</c>.</summary>
internal sealed record RetrySyntax(SourceSpan Span, Located<int>? MaxAttempts, Located<double>? Backoff);
