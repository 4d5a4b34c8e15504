using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Pro;

/// <summary>The Pro features: e-mail addresses never leave a step's output, model steps and shell steps alike.</summary>
internal sealed class RedactingProFeatures : IProFeatures, IStepMiddleware
{
    public RedactingProFeatures(License license) => Name = $"LlmCompiler Pro (licensed to {license.Licensee})";

    public string Name { get; }

    public void ConfigureSteps(StepPipelineBuilder steps) => steps.Use(this);

    public string EnhanceText(string text) => EmailRedactor.Redact(text);

    public async ValueTask<string> InvokeAsync(StepContext context, StepHandler next, CancellationToken cancellationToken) =>
        EmailRedactor.Redact(await next(cancellationToken).ConfigureAwait(false));
}
