namespace LlmCompiler.Runtime;

/// <summary>What a run hands a registered backend factory (see <see cref="ModelBackends"/>).</summary>
/// <param name="Progress">Where steps may report progress (tokens so far and the like), or <see langword="null"/> when the run is quiet.</param>
public sealed record ModelBackendContext(TextWriter? Progress);
