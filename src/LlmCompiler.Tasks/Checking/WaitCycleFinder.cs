using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Finds waits that can never be satisfied. Each step depends on the step before it in its workflow and on the
/// step its <c>wait_for</c> names; a cycle in that graph is a certain deadlock, reported once per cycle.
/// </summary>
internal static class WaitCycleFinder
{
    public static void Report(IReadOnlyList<BoundWorkflow> workflows, DiagnosticBag diagnostics)
    {
        var index = new Dictionary<string, (int Workflow, int Step)>(StringComparer.Ordinal);
        for (var w = 0; w < workflows.Count; w++)
        {
            for (var s = 0; s < workflows[w].Steps.Count; s++)
            {
                index[workflows[w].Name + "." + workflows[w].Steps[s].Name] = (w, s);
            }
        }

        // 0 = unvisited, 1 = on the current path, 2 = done. Iterative, so a long workflow cannot overflow the stack.
        var state = workflows.Select(w => new int[w.Steps.Count]).ToArray();
        for (var w = 0; w < workflows.Count; w++)
        {
            for (var s = 0; s < workflows[w].Steps.Count; s++)
            {
                if (state[w][s] == 0)
                {
                    Visit((w, s));
                }
            }
        }

        void Visit((int Workflow, int Step) root)
        {
            var path = new List<(int Workflow, int Step)>();
            var stack = new Stack<((int Workflow, int Step) Node, int Edge)>();
            stack.Push((root, 0));
            state[root.Workflow][root.Step] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (node, edge) = stack.Pop();
                var next = Edge(node, edge);
                if (next is null)
                {
                    state[node.Workflow][node.Step] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((node, edge + 1));
                var target = next.Value;
                switch (state[target.Workflow][target.Step])
                {
                    case 0:
                        state[target.Workflow][target.Step] = 1;
                        path.Add(target);
                        stack.Push((target, 0));
                        break;
                    case 1:
                        ReportCycle(path.Skip(path.IndexOf(target)).ToList());
                        break;
                }
            }
        }

        // A step depends on the step before it in its workflow and on its wait_for target.
        (int Workflow, int Step)? Edge((int Workflow, int Step) node, int edge)
        {
            if (node.Step > 0)
            {
                if (edge == 0)
                {
                    return (node.Workflow, node.Step - 1);
                }

                edge--;
            }

            var step = workflows[node.Workflow].Steps[node.Step];
            return edge == 0 && step.WaitFor is { } key && index.TryGetValue(key, out var target) ? target : null;
        }

        void ReportCycle(List<(int Workflow, int Step)> cycle)
        {
            var waits = cycle
                .Select(n => (Workflow: workflows[n.Workflow], Step: workflows[n.Workflow].Steps[n.Step]))
                .Where(n => n.Step.WaitFor is not null)
                .ToList();
            var first = waits.Count > 0 ? waits[0] : (Workflow: workflows[cycle[0].Workflow], Step: workflows[cycle[0].Workflow].Steps[cycle[0].Step]);
            var description = string.Join("; ", waits.Select(n => $"{n.Workflow.Name}.{n.Step.Name} waits for {n.Step.WaitFor}"));
            diagnostics.Add(DiagnosticDescriptors.WaitCycle, first.Step.WaitForSpan,
                $"These waits can never finish: {description}. Each waited-for step runs only after the waiting one.");
        }
    }
}
