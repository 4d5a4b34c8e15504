using System.Text;
using LlmCompiler.Tasks.Checking;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// A Mermaid flowchart of the project's workflows: one box per workflow with its steps in order (type, foreach,
/// condition), each in its kind's shape; a dotted edge for each <c>wait_for</c>, and a thick edge from each step
/// that calls a workflow to the workflow it calls. The build writes it beside the generated code (<c>workflows.mmd</c>)
/// and the program prints it with <c>--graph</c>. Deterministic: node ids are positions, not names.
/// </summary>
internal static class MermaidGraph
{
    public static string Write(IReadOnlyList<CheckedFile> files)
    {
        var workflows = files.SelectMany(f => f.Workflows.Select(w => (File: f, Workflow: w))).ToList();
        var ids = new Dictionary<(string Workflow, string Step), string>();
        var graph = new StringBuilder("flowchart LR\n");
        for (var w = 0; w < workflows.Count; w++)
        {
            var (_, workflow) = workflows[w];
            graph.Append("  subgraph w").Append(w).Append("[\"").Append(Escape(workflow.Name)).Append("\"]\n");
            graph.Append("    direction TB\n");
            for (var s = 0; s < workflow.Steps.Count; s++)
            {
                var step = workflow.Steps[s];
                var id = $"w{w}s{s}";
                ids[(workflow.Name, step.Name)] = id;
                var shape = step.Kind.Shape;
                graph.Append("    ").Append(id).Append(shape.Open).Append('"').Append(Label(step)).Append('"').Append(shape.Close).Append('\n');
                if (s > 0)
                {
                    graph.Append("    w").Append(w).Append('s').Append(s - 1).Append(" --> ").Append(id).Append('\n');
                }
            }

            graph.Append("  end\n");
        }

        foreach (var (_, workflow) in workflows)
        {
            foreach (var step in workflow.Steps)
            {
                if (step.Kind.CallTarget is { } target && workflows.FindIndex(c => c.Workflow.Name == step.Fields.Get<string>(target)) is >= 0 and var callee)
                {
                    graph.Append("  ").Append(ids[(workflow.Name, step.Name)]).Append(" == calls ==> w").Append(callee).Append('\n');
                }

                if (step.WaitFor is { } waitFor && waitFor.Split('.') is [var producer, var producerStep]
                    && ids.TryGetValue((producer, producerStep), out var from))
                {
                    graph.Append("  ").Append(from).Append(" -. wait_for .-> ").Append(ids[(workflow.Name, step.Name)]).Append('\n');
                }
            }
        }

        return graph.ToString();
    }

    private static string Label(BoundStep step)
    {
        var label = new StringBuilder(Escape(step.Name)).Append("<br/><i>").Append(step.Kind.Name).Append("</i>");
        if (step.Foreach is { } items)
        {
            // A fan-out: the source it iterates, as the language writes it.
            var source = items.Kind switch
            {
                Syntax.ForeachKind.FromJson => $"fromJSON({Written(items)})",
                Syntax.ForeachKind.Lines => $"lines({Written(items)})",
                Syntax.ForeachKind.Variable => Written(items),
                _ => $"{items.Items.Count} items",
            };
            label.Append("<br/>foreach: ").Append(Escape(source));
        }

        // The YAML value, not the source's characters: `if: "{{x}} == \"a\""` shows {{x}} == "a", as meant.
        if (step.Condition is not null && step.ConditionText?.Trim() is { Length: > 0 } condition)
        {
            label.Append("<br/>if: ").Append(Escape(condition));
        }

        return label.ToString();
    }

    private static string Written(BoundForeach items) => string.Join('.', items.Path.Prepend(items.Variable!));

    /// <summary>Text inside a quoted Mermaid label: quotes and angle brackets as entities, one line.</summary>
    private static string Escape(string text) => text
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal)
        .Replace("\r", string.Empty, StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);
}
