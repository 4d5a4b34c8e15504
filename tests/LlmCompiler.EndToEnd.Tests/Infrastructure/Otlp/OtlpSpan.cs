namespace LlmCompiler.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>One span as it arrived over OTLP: ids in hex, the scope that made it, its string and integer attributes, and its service.</summary>
public sealed record OtlpSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    string Scope,
    string? Service,
    IReadOnlyDictionary<string, object> Attributes);
