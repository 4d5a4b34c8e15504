namespace LlmCompiler.TinyModel;

/// <summary>The type tags of GGUF metadata values (the numbers are fixed by the GGUF format).</summary>
internal enum GgufValueType : uint
{
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
}
