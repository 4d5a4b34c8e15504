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

    /// <summary>Gets middleware that wraps every step (caching, redaction, audit), or <see langword="null"/>.</summary>
    IStepMiddleware? StepMiddleware => null;
}
