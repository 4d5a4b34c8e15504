using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Parsing;

namespace LlmCompiler.Tasks;

/// <summary>A workflow file handed to the compiler.</summary>
/// <param name="Path">The path diagnostics show (MSBuild passes the full path, so editors can jump to it).</param>
/// <param name="RelativePath">The project-relative path, written into generated code (never a machine-specific path).</param>
/// <param name="Text">The file's text.</param>
internal sealed record WorkflowSource(string Path, string RelativePath, string Text);

/// <summary>Project-wide settings of a compilation.</summary>
internal sealed record CompilerOptions(string RootNamespace, string ProgramName, bool GenerateEntryPoint);

/// <summary>The C# for each source (same order) and for the program file, or only diagnostics when there are errors.</summary>
internal sealed record CompilationResult(IReadOnlyList<string> Files, string? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Program is not null;
}

/// <summary>The whole pipeline: parse (with positions) → check (diagnostics) → emit C#. Emit runs only without errors.</summary>
internal static class WorkflowCompiler
{
    public static CompilationResult Compile(IReadOnlyList<WorkflowSource> sources, CompilerOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var parsed = sources
            .Select(source =>
            {
                var text = new SourceText(source.Path, source.Text);
                return new ParsedFile(text, WorkflowParser.Parse(text, diagnostics));
            })
            .ToList();
        var checkedFiles = WorkflowChecker.Check(parsed, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new CompilationResult([], null, diagnostics.Items);
        }

        var emitter = new CSharpEmitter(options.RootNamespace, checkedFiles);
        var files = checkedFiles.Select((file, i) => emitter.EmitFile(file, sources[i].RelativePath, diagnostics)).ToList();
        if (diagnostics.HasErrors)
        {
            return new CompilationResult([], null, diagnostics.Items);
        }

        var program = emitter.EmitProgram(checkedFiles, options.GenerateEntryPoint, options.ProgramName);
        return new CompilationResult(files, program, diagnostics.Items);
    }
}
