using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace LlmCompiler.Runtime.Telemetry;

/// <summary>
/// Spans and metrics of a run, for <see cref="WorkflowTelemetry.SourceName"/>. Every call is a no-op costing a
/// null check when nobody listens: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// <see langword="null"/> and the instruments are disabled, so tags are never built. The hooks are per run,
/// workflow, step and item, whatever the step's kind.
/// </summary>
/// <remarks>
/// These spans are internal spans, not GenAI spans: the GenAI semantic conventions put a model call's
/// <c>gen_ai.*</c> attributes (operation, model, usage) on the client span of the call itself, which the model
/// backends' Microsoft.Extensions.AI <c>UseOpenTelemetry</c> middleware writes beneath the step or item span. A step
/// or item span that carried <c>gen_ai.usage.*</c> too would make a GenAI-aware backend count the call's tokens
/// twice, so ours carry the model and the tokens under <c>llmc.*</c> names (for a foreach step, the sum of its items).
/// </remarks>
internal static class RunTelemetry
{
    private static readonly string? Version = typeof(RunTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
    private static readonly ActivitySource Source = new(WorkflowTelemetry.SourceName, Version);
    private static readonly Meter Meter = new(WorkflowTelemetry.SourceName, Version);
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("llmc.step.duration", "s", "How long steps ran, waiting and retries included.");
    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>("llmc.step.token.usage", "{token}", "Tokens of model steps, by gen_ai.token.type (input, output).");

    public static Activity? StartRun(IReadOnlyList<Workflow> workflows)
    {
        var activity = Source.StartActivity("run");
        activity?.SetTag("llmc.workflows", workflows.Count);
        return activity;
    }

    public static void RunFinished(Activity? activity, RunResult result)
    {
        if (activity is not null)
        {
            activity.SetTag("llmc.status", RunFile.Name(result.Status));
            activity.SetStatus(result.Status == RunStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
        }
    }

    public static Activity? StartWorkflow(Workflow workflow)
    {
        var activity = Source.HasListeners() ? Source.StartActivity("workflow " + workflow.Name) : null;
        activity?.SetTag("llmc.workflow", workflow.Name);
        return activity;
    }

    public static void WorkflowFinished(Activity? activity, RunStatus status)
    {
        if (activity is not null)
        {
            activity.SetTag("llmc.status", RunFile.Name(status));
            activity.SetStatus(status == RunStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
        }
    }

    public static Activity? StartStep(Workflow workflow, WorkflowStep step)
    {
        var activity = Source.HasListeners() ? Source.StartActivity("step " + step.Name) : null;
        if (activity is not null)
        {
            activity.SetTag("llmc.workflow", workflow.Name);
            activity.SetTag("llmc.step", step.Name);
            SetKind(activity, step);
        }

        return activity;
    }

    public static void StepFinished(Activity? activity, Workflow workflow, WorkflowStep step, StepResult result)
    {
        if (activity is not null)
        {
            activity.SetTag("llmc.items", result.Items?.Count);
            activity.SetTag("process.exit.code", result.ExitCode);
            SetOutcome(activity, result.Status, result.Error, result.InputTokens, result.OutputTokens);
        }

        if (StepDuration.Enabled)
        {
            StepDuration.Record(result.Duration.TotalSeconds, new TagList
            {
                { "llmc.workflow", workflow.Name },
                { "llmc.step", step.Name },
                { "llmc.step.type", step.Kind },
                { "llmc.status", RunFile.Name(result.Status) },
            });
        }

        if (TokenUsage.Enabled && step.GenAi is { } genAi)
        {
            RecordTokens(step, genAi, "input", result.InputTokens);
            RecordTokens(step, genAi, "output", result.OutputTokens);
        }
    }

    public static Activity? StartItem(WorkflowStep step, int index)
    {
        // The name is built only for a listener: without one an item costs a check, not a string.
        var activity = Source.HasListeners() ? Source.StartActivity("item " + index.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        if (activity is not null)
        {
            activity.SetTag("llmc.step", step.Name);
            activity.SetTag("llmc.item.index", index);
            SetKind(activity, step);
        }

        return activity;
    }

    public static void ItemFinished(Activity? activity, ItemResult result)
    {
        if (activity is not null)
        {
            SetOutcome(activity, result.Status, result.Error, result.InputTokens, result.OutputTokens);
        }
    }

    private static void SetKind(Activity activity, WorkflowStep step)
    {
        activity.SetTag("llmc.step.type", step.Kind);
        if (step.GenAi is { } genAi)
        {
            // Not gen_ai.request.model: that attribute belongs to the call's own client span (see the remarks).
            activity.SetTag("llmc.model", genAi.Model);
        }
    }

    private static void SetOutcome(Activity activity, StepStatus status, string? error, long? inputTokens, long? outputTokens)
    {
        activity.SetTag("llmc.status", RunFile.Name(status));
        activity.SetTag("llmc.usage.input_tokens", inputTokens);
        activity.SetTag("llmc.usage.output_tokens", outputTokens);
        if (status == StepStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    private static void RecordTokens(WorkflowStep step, (string Operation, string? Model) genAi, string type, long? tokens)
    {
        if (tokens is { } count)
        {
            TokenUsage.Record(count, new TagList
            {
                { "gen_ai.operation.name", genAi.Operation },
                { "gen_ai.request.model", genAi.Model },
                { "gen_ai.token.type", type },
                { "llmc.step.type", step.Kind },
            });
        }
    }
}
