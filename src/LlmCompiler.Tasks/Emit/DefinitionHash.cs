using System.Security.Cryptography;
using System.Text;
using LlmCompiler.Tasks.Emit.Models;

namespace LlmCompiler.Tasks.Emit;

/// <summary>
/// The hash of what a workflow does, emitted as <c>Workflow.DefinitionHash</c>: a run file written by another
/// definition is refused by <c>--resume</c> and by durable workers. It covers the name, the steps, inputs and
/// outputs as emitted, and whether the workflow is called; paths and the compiler version are left out, so moving
/// a file or upgrading the compiler without changing what the code does keeps the hash.
/// </summary>
internal static class DefinitionHash
{
    /// <summary>Returns the first 8 bytes of the SHA-256 of the workflow's emitted definition, as lower-case hex.</summary>
    public static string Of(WorkflowModel workflow)
    {
        var text = new StringBuilder(workflow.Name).Append('\n');
        foreach (var step in workflow.Steps)
        {
            text.Append(step.TypeName).Append('(').Append(step.Arguments).Append(")\n");
            foreach (var property in step.Properties)
            {
                text.Append(' ').Append(property.Name).Append('=').Append(property.Value).Append('\n');
            }
        }

        foreach (var input in workflow.Inputs)
        {
            text.Append("input ").Append(input).Append('\n');
        }

        foreach (var output in workflow.Outputs)
        {
            text.Append("output ").Append(output).Append('\n');
        }

        text.Append("called ").Append(workflow.IsCalled).Append('\n');

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
    }
}
