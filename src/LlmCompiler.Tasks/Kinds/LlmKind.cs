using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary><c>type: llm</c>: a prompt sent to an OpenAI-compatible server, through the OpenAI backend package.</summary>
internal sealed class LlmKind : ModelKind
{
    public LlmKind()
        : base("llm", "A prompt sent to an OpenAI-compatible server.", StepTypes.Llm)
    {
    }

    public override string Article => "an";

    public override string RuntimeType => "LlmStep";

    public override BackendPackage Backend { get; } = new("LlmCompiler.Runtime.OpenAI", "LlmCompilerAddRemoteBackend");
}
