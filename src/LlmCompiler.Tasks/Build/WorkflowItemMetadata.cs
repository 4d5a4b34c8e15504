namespace LlmCompiler.Tasks.Build;

/// <summary>Names of the metadata the targets and tasks exchange on Workflow items.</summary>
internal static class WorkflowItemMetadata
{
    public const string FullPath = "FullPath";
    public const string Link = "Link";
    public const string GeneratedFile = "GeneratedFile";
    public const string RelativePath = "WorkflowRelativePath";
}
