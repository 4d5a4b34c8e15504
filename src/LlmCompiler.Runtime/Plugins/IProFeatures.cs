namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// The extension point a private edition implements (the seed's <c>pluginapi.ProFeatures</c>). The public core
/// only ever talks to this interface; it never names the code behind it.
/// </summary>
/// <remarks>Implementations are called from several workflows at once and must be thread-safe.</remarks>
public interface IProFeatures
{
    /// <summary>Gets a short name for messages and the run file, for example "LlmCompiler Pro 1.2".</summary>
    string Name { get; }

    /// <summary>Enhances the output of an <c>llm</c> or <c>local_llm</c> step before it is stored.</summary>
    /// <param name="text">The model's output.</param>
    /// <returns>The text to store in its place.</returns>
    string EnhanceText(string text);

    /// <summary>Adds the edition's step middleware (caching, redaction, audit); the default adds none.</summary>
    /// <param name="steps">The builder of the run's step pipeline; the first <c>Use</c> is the outermost layer.</param>
    /// <remarks>Called once per run, when it starts.</remarks>
    void ConfigureSteps(StepPipelineBuilder steps)
    {
    }
}
