using System.Reflection;
using LlmCompiler.Tasks;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests;

/// <summary>Runs the compiler on in-memory files, as the MSBuild task does, for tests.</summary>
internal static class CompilerHarness
{
    public static string RepoRoot { get; } =
        typeof(CompilerHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;

    public static CompilationResult Compile(params (string Path, string Text)[] files) =>
        WorkflowCompiler.Compile(
            files.Select(f => new WorkflowSource(f.Path, f.Path, f.Text)).ToList(),
            new CompilerOptions("Tests", "tests", GenerateEntryPoint: true));

    /// <summary>Compiles one file read from <paramref name="fullPath"/> (so prompt files resolve beside it), named <paramref name="relativePath"/> in generated code.</summary>
    public static CompilationResult CompileFile(string fullPath, string relativePath) =>
        WorkflowCompiler.Compile(
            [new WorkflowSource(fullPath, relativePath, File.ReadAllText(fullPath))],
            new CompilerOptions("Tests", "tests", GenerateEntryPoint: true));

    public static IReadOnlyList<Diagnostic> Diagnostics(string yaml, string path = "flow.yaml") => Compile((path, yaml)).Diagnostics;

    /// <summary>Parses <paramref name="text"/> as a template written as a plain YAML scalar.</summary>
    public static LlmCompiler.Tasks.Syntax.Template ParseTemplate(string text, DiagnosticBag diagnostics)
    {
        var source = new LlmCompiler.Tasks.Parsing.SourceText("test.yaml", text);
        var scalar = new LlmCompiler.Tasks.Parsing.YamlScalar(0, text.Length, text, YamlDotNet.Core.ScalarStyle.Plain);
        return LlmCompiler.Tasks.Parsing.TemplateParser.Parse(new LlmCompiler.Tasks.Syntax.ScalarSyntax(source, scalar), diagnostics);
    }

    /// <summary>Asserts exactly one diagnostic with the given code at the given position, and returns it.</summary>
    public static Diagnostic Single(string yaml, string code, int line, int column)
    {
        var diagnostics = Diagnostics(yaml);
        Assert.AreEqual(1, diagnostics.Count, string.Join("\n", diagnostics));
        var diagnostic = diagnostics[0];
        Assert.AreEqual(code, diagnostic.Id, diagnostic.ToString());
        Assert.AreEqual((line, column), (diagnostic.Span.Line, diagnostic.Span.Column), diagnostic.ToString());
        return diagnostic;
    }
}
