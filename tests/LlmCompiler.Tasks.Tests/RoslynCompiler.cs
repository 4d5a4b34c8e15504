using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmCompiler.Tasks.Tests;

/// <summary>Compiles generated C# in memory against the runtime, to prove accepted input always yields compiling code.</summary>
internal static class RoslynCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Append(typeof(LlmCompiler.Runtime.Workflow).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Returns the compiler's errors and warnings; empty when the code compiles cleanly.</summary>
    public static IReadOnlyList<string> Diagnose(IEnumerable<string> sources, OutputKind kind = OutputKind.ConsoleApplication)
    {
        var compilation = CSharpCompilation.Create(
            "Generated",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
    }

    /// <summary>Compiles a library in memory and loads it, for tests that run generated workflows.</summary>
    public static System.Reflection.Assembly Load(IEnumerable<string> sources)
    {
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return System.Reflection.Assembly.Load(image.ToArray());
    }
}
