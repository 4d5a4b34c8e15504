using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Decides where each Workflow item's C# goes: under <see cref="OutputDirectory"/>, mirroring the item's folder
/// in the project, so two <c>flow.yaml</c> in different folders never collide. Runs every build; it is cheap.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class ComputeWorkflowOutputs : Microsoft.Build.Utilities.Task
{
    /// <summary>Gets or sets the Workflow items.</summary>
    [Required]
    public ITaskItem[] Workflows { get; set; } = [];

    /// <summary>Gets or sets the project directory, to which item paths are made relative.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the directory that receives generated files (absolute).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Gets the Workflow items with <c>GeneratedFile</c> and <c>WorkflowRelativePath</c> metadata.</summary>
    [Output]
    public ITaskItem[] Results { get; private set; } = [];

    /// <inheritdoc/>
    public override bool Execute()
    {
        var results = new List<ITaskItem>(Workflows.Length);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Workflows)
        {
            var fullPath = item.GetMetadata(WorkflowItemMetadata.FullPath);
            var relative = RelativePathOf(fullPath, item.GetMetadata(WorkflowItemMetadata.Link));
            var generated = Path.GetFullPath(Path.Combine(OutputDirectory, Path.ChangeExtension(relative, ".g.cs")));
            if (seen.TryGetValue(generated, out var other))
            {
                Log.LogError(null, "LLMC0003", "LLMC0003", fullPath, 0, 0, 0, 0,
                    $"'{fullPath}' and '{other}' would both generate '{generated}'. Rename one of them, or give one a different Link.");
                continue;
            }

            seen.Add(generated, fullPath);
            var result = new TaskItem(item);
            result.SetMetadata(WorkflowItemMetadata.GeneratedFile, generated);
            result.SetMetadata(WorkflowItemMetadata.RelativePath, relative);
            results.Add(result);
        }

        Results = [.. results];
        return !Log.HasLoggedErrors;
    }

    /// <summary>The project-relative path with '/' separators; files outside the project go under <c>_external/&lt;hash&gt;/</c>.</summary>
    private string RelativePathOf(string fullPath, string link)
    {
        if (!string.IsNullOrEmpty(link))
        {
            return link.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(ProjectDirectory, fullPath);
        if (Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(fullPath) ?? string.Empty;
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..8].ToLowerInvariant();
            relative = $"_external/{hash}/{Path.GetFileName(fullPath)}";
        }

        return relative.Replace('\\', '/');
    }
}
