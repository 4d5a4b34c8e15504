namespace LlmCompiler.Runtime;

/// <summary>
/// The names under which a run reports itself to OpenTelemetry. Spans: one per run (<c>run</c>), workflow
/// (<c>workflow {name}</c>), step (<c>step {name}</c>) and foreach item (<c>item {index}</c>), each the child of the
/// one before, with <c>llmc.*</c> attributes only: a model call's GenAI semantic conventions (<c>gen_ai.*</c>, usage
/// included) are on the call's own client span beneath, so its tokens are counted once. Metrics:
/// <c>llmc.step.duration</c> (s) and <c>llmc.step.token.usage</c> (tokens, by <c>gen_ai.token.type</c>).
/// </summary>
/// <remarks>
/// A generated program exports both over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other standard variables); other hosts
/// subscribe with <c>AddSource(WorkflowTelemetry.SourceName)</c> and <c>AddMeter(WorkflowTelemetry.SourceName)</c>.
/// The model backends' GenAI client spans (<c>LlmCompiler.Runtime.Llm</c>, <c>LlmCompiler.Runtime.LocalLlm</c>) nest
/// under the step or item that made the request.
/// </remarks>
public static class WorkflowTelemetry
{
    /// <summary>The name of the runtime's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "LlmCompiler.Runtime";
}
