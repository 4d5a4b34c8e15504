using System.Reflection;
using System.Runtime.Versioning;
using LlmCompiler.Tasks.Diagnostics;
using Microsoft.Build.Framework;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Compiles the project's Workflow items into C#. A thin adapter: it reads the files, runs
/// <see cref="WorkflowCompiler"/>, logs each diagnostic with its code and position, and hands the result to
/// <see cref="GeneratedFileWriter"/>.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class CompileWorkflows : Microsoft.Build.Utilities.Task
{
    /// <summary>Gets or sets the Workflow items, with the metadata <see cref="ComputeWorkflowOutputs"/> adds.</summary>
    [Required]
    public ITaskItem[] Workflows { get; set; } = [];

    /// <summary>Gets or sets the directory that holds generated files; stale <c>*.g.cs</c> files in it are deleted.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the file that receives the workflow registry and, for programs, the entry point.</summary>
    [Required]
    public string ProgramFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the file that receives the Mermaid flowchart of the workflows; none is written when empty.</summary>
    public string GraphFile { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the file that receives the files besides the workflows that the output depends on (prompt and schema files), one full path a line (written only when
    /// different); the targets add its lines to the next build's inputs. None is written when empty.
    /// </summary>
    public string DependencyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the namespace of the generated classes.</summary>
    [Required]
    public string RootNamespace { get; set; } = string.Empty;

    /// <summary>Gets or sets the program name, used for the default run file name.</summary>
    [Required]
    public string ProgramName { get; set; } = string.Empty;

    /// <summary>Gets or sets whether to generate <c>Main</c>.</summary>
    public bool GenerateEntryPoint { get; set; }

    /// <summary>Gets or sets the plugin types announced by referenced packages (<c>LlmCompilerPlugin</c> items: full type names).</summary>
    public ITaskItem[] Plugins { get; set; } = [];

    /// <summary>Gets or sets whether to require a backend for each model step type (LLMC0007); the SDK sets it.</summary>
    public bool CheckModelBackends { get; set; }

    /// <summary>Gets or sets the step types the program has a backend for (<c>LlmCompilerModelBackend</c> items: <c>llm</c>, <c>local_llm</c>).</summary>
    public ITaskItem[] ModelBackends { get; set; } = [];

    /// <inheritdoc/>
    // Which build of the task MSBuild loaded (.NETCoreApp or .NETStandard), for build logs and the tests that force one.
    private static readonly string TaskBuild =
        typeof(CompileWorkflows).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? "unknown";

    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception e)
        {
            // A bug of ours must still read as a diagnostic with a code, never as MSB4018 with a stack trace.
            Log.LogError(null, DiagnosticDescriptors.InternalError.Id, DiagnosticDescriptors.InternalError.Id, ProgramFile, 0, 0, 0, 0,
                $"LlmCompiler failed unexpectedly; please report this with the workflow files involved. {e.GetType().Name}: {e.Message}");
        }

        return !Log.HasLoggedErrors;
    }

    private void Run()
    {
        var sources = new List<WorkflowSource>(Workflows.Length);
        foreach (var item in Workflows)
        {
            var path = item.GetMetadata(WorkflowItemMetadata.FullPath);
            try
            {
                sources.Add(new WorkflowSource(path, item.GetMetadata(WorkflowItemMetadata.RelativePath), File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogError(null, DiagnosticDescriptors.FileUnreadable.Id, DiagnosticDescriptors.FileUnreadable.Id, path, 0, 0, 0, 0,
                    $"The workflow file cannot be read: {e.Message}");
            }
        }

        if (Log.HasLoggedErrors)
        {
            return;
        }

        var options = new CompilerOptions(RootNamespace, ProgramName, GenerateEntryPoint)
        {
            Plugins = Plugins.Select(p => p.ItemSpec).ToList(),
            ProgramFile = ProgramFile,
            ModelBackends = CheckModelBackends ? ModelBackends.Select(b => b.ItemSpec.Trim()).ToHashSet(StringComparer.Ordinal) : null,
        };
        var result = WorkflowCompiler.Compile(sources, options);
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        if (DependencyFile.Length > 0)
        {
            // After errors too, so the list always matches the last run.
            _ = GeneratedFileWriter.WriteIfChanged(DependencyFile, string.Concat(result.Dependencies.Select(d => d + "\n")));
        }

        if (!result.Success)
        {
            return;
        }

        var writer = new GeneratedFileWriter(OutputDirectory);
        writer.Write(ProgramFile, result.Program!);
        if (GraphFile.Length > 0)
        {
            writer.Write(GraphFile, result.Graph!);
        }
        for (var i = 0; i < Workflows.Length; i++)
        {
            writer.Write(Workflows[i].GetMetadata(WorkflowItemMetadata.GeneratedFile), result.Files[i]);
        }

        var removed = writer.RemoveStaleFiles();
        Log.LogMessage(MessageImportance.Normal,
            $"LlmCompiler: {Workflows.Length} workflow file(s) compiled ({result.Timings}); {writer.Written} generated file(s) written, {writer.Total - writer.Written} unchanged, {removed} stale removed; task build {TaskBuild}.");
    }

    private void LogDiagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Span;
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, diagnostic.Id, diagnostic.Id, span.File, span.Line, span.Column, span.EndLine, span.EndColumn, diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, diagnostic.Id, diagnostic.Id, span.File, span.Line, span.Column, span.EndLine, span.EndColumn, diagnostic.Message);
                break;
            default:
                Log.LogMessage(null, diagnostic.Id, diagnostic.Id, span.File, span.Line, span.Column, span.EndLine, span.EndColumn, MessageImportance.High, diagnostic.Message);
                break;
        }
    }
}
