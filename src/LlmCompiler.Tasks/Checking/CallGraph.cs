using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Which workflows call which (steps whose kind has a <see cref="StepKind.CallTarget"/>), read from the steps as written: the workflows some step
/// calls (not started on their own, and no <c>wait_for</c> into them), and calls that form a cycle (LLMC2028), which
/// would recurse without end.
/// </summary>
internal static class CallGraph
{
    /// <summary>Returns the names of the workflows some step calls, after reporting each cycle once.</summary>
    public static IReadOnlyCollection<string> Analyze(IReadOnlyDictionary<string, WorkflowSyntax> workflows, DiagnosticBag diagnostics)
    {
        var calls = workflows.ToDictionary(w => w.Key, w => Calls(w.Value, workflows), StringComparer.Ordinal);
        var called = calls.Values.SelectMany(c => c).Select(c => c.Callee).ToHashSet(StringComparer.Ordinal);

        // 0 = unvisited, 1 = on the current path, 2 = done. Iterative, so a long chain of calls cannot overflow the stack.
        var state = workflows.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var root in workflows.Keys.Order(StringComparer.Ordinal))
        {
            if (state[root] != 0)
            {
                continue;
            }

            var path = new List<string> { root };
            var stack = new Stack<(string Workflow, int Edge)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, edge) = stack.Pop();
                if (edge >= calls[node].Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((node, edge + 1));
                var (target, span) = calls[node][edge];
                if (state[target] == 0)
                {
                    state[target] = 1;
                    path.Add(target);
                    stack.Push((target, 0));
                }
                else if (state[target] == 1)
                {
                    var cycle = path.Skip(path.IndexOf(target)).Append(target);
                    diagnostics.Add(DiagnosticDescriptors.CallCycle, span,
                        $"These workflow calls form a cycle: {string.Join(" → ", cycle)}. A workflow cannot call itself, directly or through others.");
                }
            }
        }

        return called;
    }

    private static List<(string Callee, SourceSpan Span)> Calls(WorkflowSyntax workflow, IReadOnlyDictionary<string, WorkflowSyntax> workflows) =>
        workflow.Steps
            .Select(s => StepKinds.Find(s.Type?.Value)?.CallTarget is { } target ? s.Fields.Get<ScalarSyntax>(target) : null)
            .OfType<ScalarSyntax>()
            .Where(name => workflows.ContainsKey(name.Value))
            .Select(name => (name.Value, name.Span))
            .ToList();
}
