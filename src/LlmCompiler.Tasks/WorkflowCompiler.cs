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
internal sealed record CompilerOptions(string RootNamespace, string ProgramName, bool GenerateEntryPoint)
{
    /// <summary>Gets the plugin types (full names) that referenced packages announced; their registration is emitted.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>Gets the file diagnostics about project settings (plugins) point at: the generated program file.</summary>
    public string ProgramFile { get; init; } = string.Empty;

    /// <summary>Gets the step types the program has a backend for (<c>llm</c>, <c>local_llm</c>), or <see langword="null"/> not to check (a set: Contains hashes).</summary>
    public IReadOnlyCollection<string>? ModelBackends { get; init; }
}

/// <summary>The C# for each source (same order) and for the program file, or only diagnostics when there are errors.</summary>
internal sealed record CompilationResult(IReadOnlyList<string> Files, string? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Program is not null;

    /// <summary>Gets the Mermaid flowchart of the workflows (<see cref="Emit.MermaidGraph"/>), when compiled.</summary>
    public string? Graph { get; init; }

    /// <summary>Gets the files besides the workflow files that the output depends on (prompt and schema files), full paths, sorted: inputs of the incremental build.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Gets how long each stage took (parse, check, emit), for the build log.</summary>
    public string Timings { get; init; } = string.Empty;
}

/// <summary>The whole pipeline: parse (with positions) → check (diagnostics) → emit C#. Emit runs only without errors.</summary>
internal static class WorkflowCompiler
{
    public static CompilationResult Compile(IReadOnlyList<WorkflowSource> sources, CompilerOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var diagnostics = new DiagnosticBag();
        var plugins = PluginChecker.Check(options.Plugins, SourceSpan.At(options.ProgramFile, 0, 0), diagnostics);
        if (diagnostics.HasErrors)
        {
            return new CompilationResult([], null, diagnostics.Items);
        }

        options = options with { Plugins = plugins };
        // Files parse independently: in parallel, each into its own bag, merged in input order so that
        // diagnostics and output stay deterministic.
        var parseResults = new (ParsedFile File, DiagnosticBag Diagnostics)[sources.Count];
        Parallel.For(0, sources.Count, i =>
        {
            var bag = new DiagnosticBag();
            var text = new SourceText(sources[i].Path, sources[i].Text);
            parseResults[i] = (new ParsedFile(text, WorkflowParser.Parse(text, bag)), bag);
        });
        var parsed = parseResults.Select(r => r.File).ToList();
        foreach (var (_, bag) in parseResults)
        {
            diagnostics.AddRange(bag);
        }

        var dependencies = FileDependencies.Of(parsed);
        var parseTime = clock.Elapsed;
        var checkedFiles = WorkflowChecker.Check(parsed, diagnostics);
        if (options.ModelBackends is { } backends)
        {
            ModelBackendCheck.Check(checkedFiles, backends, diagnostics);
        }

        var checkTime = clock.Elapsed;
        if (diagnostics.HasErrors)
        {
            return new CompilationResult([], null, diagnostics.Items) { Dependencies = dependencies, Timings = Timings(parseTime, checkTime, checkTime) };
        }

        // Emit reports nothing: every language error, shell positions included, was found by the checker.
        var emitter = new CSharpEmitter(options.RootNamespace, checkedFiles);
        var files = new string[checkedFiles.Count];
        Parallel.For(0, checkedFiles.Count, i => files[i] = emitter.EmitFile(checkedFiles[i], sources[i].RelativePath));
        var graph = MermaidGraph.Write(checkedFiles);
        var program = emitter.EmitProgram(checkedFiles, options, graph);
        return new CompilationResult(files, program, diagnostics.Items) { Graph = graph, Dependencies = dependencies, Timings = Timings(parseTime, checkTime, clock.Elapsed) };
    }

    private static string Timings(TimeSpan parsed, TimeSpan checkedAt, TimeSpan emitted) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"parse {parsed.TotalMilliseconds:0} ms, check {(checkedAt - parsed).TotalMilliseconds:0} ms, emit {(emitted - checkedAt).TotalMilliseconds:0} ms");
}
