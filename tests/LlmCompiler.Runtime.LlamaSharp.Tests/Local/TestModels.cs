using LlmCompiler.TinyModel;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>Writes tiny GGUF models for tests, each at a path of its own so load counts never mix between tests.</summary>
internal static class TestModels
{
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "llmc-runtime-tests-" + Environment.ProcessId);

    public static string Write(string name, TinyModelOptions? options = null)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8] + "-" + name + ".gguf");
        TinyModel.TinyModel.Write(path, options);
        return path;
    }

    public static LocalLlmStep Step(string name, string model, string prompt, int? maxTokens = 32, float? temperature = 0f) =>
        new(name, _ => prompt)
        {
            Model = model,
            MaxTokens = maxTokens,
            Temperature = temperature,
            Output = name + "_out",
        };

    public static WorkflowRunOptions QuietOptions() => new() { Quiet = true, Output = TextWriter.Null, Log = TextWriter.Null };
}
