using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace LlmCompiler.Runtime.Core;

/// <summary>
/// The definition hash a run file records for a workflow: its own <see cref="Workflow.DefinitionHash"/> combined with
/// those of the workflows it calls, transitively. A callee edited and rebuilt changes its callers' hashes too, so
/// <c>--resume</c> refuses a run whose recorded call outputs came from the old callee (it would hand them back).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DefinitionHashes
{
    private static readonly ConditionalWeakTable<Workflow, string?> Cache = new();

    /// <summary>The hash <paramref name="workflow"/>'s record carries: its own when it calls nothing, else one over its own and its callees'.</summary>
    public static string? Of(Workflow workflow) => Cache.GetValue(workflow, Compute);

    /// <summary>The workflows <paramref name="workflow"/> calls directly, each once, by name.</summary>
    public static IEnumerable<Workflow> Callees(Workflow workflow) =>
        workflow.Steps.OfType<WorkflowCallStep>().Select(s => s.Workflow).DistinctBy(w => w.Name).OrderBy(w => w.Name, StringComparer.Ordinal);

    // Calls form no cycle (LLMC2028), so the recursion ends.
    private static string? Compute(Workflow workflow)
    {
        var callees = Callees(workflow).Select(c => (c.Name, Hash: Of(c))).ToList();
        if (callees.Count == 0 || (workflow.DefinitionHash is null && callees.All(c => c.Hash is null)))
        {
            return workflow.DefinitionHash;
        }

        var text = new StringBuilder(workflow.DefinitionHash).Append('\n');
        foreach (var (name, hash) in callees)
        {
            text.Append("calls ").Append(name).Append('=').Append(hash).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8).ToLowerInvariant();
    }
}
