using LlmCompiler.Runtime;

namespace LlmCompiler.Testing;

/// <summary>Finds a step by <c>workflow.step</c>, or by its name alone when only one workflow has a step of that name.</summary>
internal static class StepPath
{
    /// <summary>Resolves <paramref name="path"/> among <paramref name="steps"/>.</summary>
    /// <exception cref="ArgumentException">No step or more than one step answers to the name; the message lists the steps.</exception>
    public static (string Workflow, string Step) Resolve(IEnumerable<(string Workflow, string Step)> steps, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var all = steps.ToList();
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var found = dot < 0
            ? all.Where(s => s.Step == path).ToList()
            : all.Where(s => s.Workflow == path[..dot] && s.Step == path[(dot + 1)..]).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException($"no step '{path}'; the steps are: {string.Join(", ", all.Select(s => s.Workflow + "." + s.Step))}", nameof(path)),
            _ => throw new ArgumentException($"'{path}' names a step of several workflows: write one of {string.Join(", ", found.Select(s => s.Workflow + "." + s.Step))}", nameof(path)),
        };
    }

    /// <summary>Every step of the workflows, as (workflow, step).</summary>
    public static IEnumerable<(string Workflow, string Step)> Of(IEnumerable<Workflow> workflows) =>
        workflows.SelectMany(w => w.Steps.Select(s => (w.Name, s.Name)));
}
