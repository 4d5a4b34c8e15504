using System.ComponentModel;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Scheduling;

/// <summary>
/// The edition a run uses, read from the plugins' registry once when the run starts: its features, why a present
/// edition is inactive, and the step middleware it configured. Steps use this snapshot, never the static registry.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record RunEdition(IProFeatures? Features, string? InactiveReason, IStepMiddleware? Middleware)
{
    /// <summary>Reads the registered edition once, when a run (or a worker) starts.</summary>
    public static RunEdition Current()
    {
        var registry = PluginRegistry.Current;
        var features = registry.ProFeatures;
        var steps = new StepPipelineBuilder();
        features?.ConfigureSteps(steps);
        return new RunEdition(features, registry.ProInactiveReason, steps.Build());
    }
}
