namespace LlmCompiler.Runtime;

/// <summary>What a run hands a backend factory registered with <see cref="Plugins.ILlmCompilerRegistrations.RegisterBackend"/>.</summary>
/// <param name="StepKind">The step kind the backend is created for (<c>llm</c>, <c>local_llm</c>), for a factory registered for several.</param>
/// <param name="Progress">Where steps may report progress (tokens so far and the like), or <see langword="null"/> when the run is quiet.</param>
public sealed record BackendContext(string StepKind, TextWriter? Progress);
