using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary><c>type: local_llm</c>: a prompt run in-process on a GGUF model, through the LLamaSharp backend package.</summary>
internal sealed class LocalLlmKind : ModelKind
{
    public LocalLlmKind()
        : base("local_llm", "A prompt run in-process on a GGUF model.", StepTypes.LocalLlm)
    {
    }

    public override string RuntimeType => "LocalLlmStep";

    public override BackendPackage Backend { get; } = new("LlmCompiler.Runtime.LlamaSharp", "LlmCompilerAddLocalBackend");
}
