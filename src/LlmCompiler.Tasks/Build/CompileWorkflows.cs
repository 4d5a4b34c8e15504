using System.Text;
using LlmCompiler.Tasks.Diagnostics;
using Microsoft.Build.Framework;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Compiles the project's Workflow items into C#. A thin adapter: it reads the files, runs
/// <see cref="WorkflowCompiler"/>, logs each diagnostic with its code and position, writes only the files whose
/// content changed and removes generated files whose workflow file is gone.
/// </summary>
[MSBuildMultiThreadableTask]
public sealed class CompileWorkflows : Microsoft.Build.Utilities.Task
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Gets or sets the Workflow items, with the metadata <see cref="ComputeWorkflowOutputs"/> adds.</summary>
    [Required]
    public ITaskItem[] Workflows { get; set; } = [];

    /// <summary>Gets or sets the directory that holds generated files; stale <c>*.g.cs</c> files in it are deleted.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the file that receives the workflow registry and, for programs, the entry point.</summary>
    [Required]
    public string ProgramFile { get; set; } = string.Empty;

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
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
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

        var plugins = Plugins.Select(p => p.ItemSpec.Trim()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var plugin in plugins.Where(p => !IsTypeName(p)))
        {
            Log.LogError(null, DiagnosticDescriptors.InvalidPlugin.Id, DiagnosticDescriptors.InvalidPlugin.Id, ProgramFile, 0, 0, 0, 0,
                $"The LlmCompilerPlugin item '{plugin}' is not a full type name such as 'Company.Product.Plugin'. Check the package that declares it.");
        }

        if (Log.HasLoggedErrors)
        {
            return;
        }

        var result = WorkflowCompiler.Compile(sources, new CompilerOptions(RootNamespace, ProgramName, GenerateEntryPoint)
        {
            Plugins = plugins,
            ModelBackends = CheckModelBackends ? ModelBackends.Select(b => b.ItemSpec.Trim()).ToHashSet(StringComparer.Ordinal) : null,
        });
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        if (!result.Success)
        {
            return;
        }

        var expected = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(ProgramFile) };
        var written = 0;
        for (var i = 0; i < Workflows.Length; i++)
        {
            var target = Path.GetFullPath(Workflows[i].GetMetadata(WorkflowItemMetadata.GeneratedFile));
            expected.Add(target);
            written += WriteIfChanged(target, result.Files[i]) ? 1 : 0;
        }

        written += WriteIfChanged(ProgramFile, result.Program!) ? 1 : 0;
        var removed = RemoveStaleFiles(expected);
        Log.LogMessage(MessageImportance.Normal,
            $"LlmCompiler: {Workflows.Length} workflow file(s) compiled ({result.Timings}); {written} generated file(s) written, {expected.Count - written} unchanged, {removed} stale removed.");
        Log.LogMessage(MessageImportance.Low,
            $"LlmCompiler: JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) - jitBefore} methods in {(System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jitTimeBefore).TotalMilliseconds:0} ms during this task.");
    }

    private static bool IsTypeName(string name) =>
        name.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_'));

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

    /// <summary>Writes only when the content differs, so unchanged files keep their timestamps and Csc's inputs stay stable.</summary>
    private static bool WriteIfChanged(string path, string content)
    {
        var bytes = Utf8.GetBytes(content);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private int RemoveStaleFiles(HashSet<string> expected)
    {
        if (!Directory.Exists(OutputDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(OutputDirectory, "*.g.cs", SearchOption.AllDirectories))
        {
            if (!expected.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }
}
