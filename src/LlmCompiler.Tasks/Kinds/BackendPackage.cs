namespace LlmCompiler.Tasks.Kinds;

/// <summary>The package that runs a step kind, and the SDK property that adds it to a project (both named in LLMC0007).</summary>
/// <param name="Package">The package id, e.g. <c>LlmCompiler.Runtime.OpenAI</c>.</param>
/// <param name="Property">The MSBuild property, e.g. <c>LlmCompilerAddRemoteBackend</c>.</param>
internal sealed record BackendPackage(string Package, string Property);
