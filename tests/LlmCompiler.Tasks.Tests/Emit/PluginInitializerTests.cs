using System.Runtime.CompilerServices;

namespace LlmCompiler.Tasks.Tests.Emit;

/// <summary>
/// The plugins that packages announce are started from the program's module initializer, with one call that hands
/// them the runtime's registrations: the program text is a golden file, and a compiled program calls the plugins.
/// </summary>
[TestClass]
public sealed class PluginInitializerTests
{
    private static readonly string Directory = Path.Combine(CompilerHarness.RepoRoot, "tests", "LlmCompiler.Tasks.Tests", "Golden", "Plugins");

    /// <summary>Two plugins of a test assembly: each notes the registrations it was given, and registers a backend.</summary>
    private const string PluginSource = """
        namespace Company.Product
        {
            public sealed class FirstPlugin : global::LlmCompiler.Runtime.Plugins.ILlmCompilerPlugin
            {
                public static global::System.Collections.Generic.List<string> Calls { get; } = new();

                public void Initialize(global::LlmCompiler.Runtime.Plugins.ILlmCompilerRegistrations registrations)
                {
                    Calls.Add("first " + (registrations is not null));
                    registrations!.RegisterBackend("plugin_test_" + global::System.Guid.NewGuid().ToString("N"), static _ => new object());
                }
            }

            public sealed class SecondPlugin : global::LlmCompiler.Runtime.Plugins.ILlmCompilerPlugin
            {
                public void Initialize(global::LlmCompiler.Runtime.Plugins.ILlmCompilerRegistrations registrations) =>
                    FirstPlugin.Calls.Add("second " + (registrations is not null));
            }
        }
        """;

    private static CompilationResult Compile() =>
        WorkflowCompiler.Compile(
            [new WorkflowSource("plugins.yaml", "plugins.yaml", File.ReadAllText(Path.Combine(Directory, "plugins.yaml")))],
            new CompilerOptions("Tests", "tests", GenerateEntryPoint: false) { Plugins = ["Company.Product.SecondPlugin", "Company.Product.FirstPlugin"] });

    [TestMethod]
    public void TheProgramStartsEveryPluginInOneCallInTypeNameOrder()
    {
        var result = Compile();
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        var golden = Path.Combine(Directory, "program.g.cs.txt");
        if (Environment.GetEnvironmentVariable("LLMC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, result.Program);
        }

        Assert.AreEqual(File.ReadAllText(golden), result.Program, $"Generated code differs from {golden}.");
        var errors = RoslynCompiler.Diagnose([result.Files[0], result.Program!, PluginSource], Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
    }

    [TestMethod]
    public void AProgramsModuleInitializerHandsEachPluginTheRegistrations()
    {
        var result = Compile();
        var assembly = RoslynCompiler.Load([result.Files[0], result.Program!, PluginSource]);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        var calls = (List<string>)assembly.GetType("Company.Product.FirstPlugin")!.GetProperty("Calls")!.GetValue(null)!;
        CollectionAssert.AreEqual(new[] { "first True", "second True" }, calls);
    }

    [TestMethod]
    public void APluginTypeThatIsNoPluginDoesNotCompile()
    {
        var result = WorkflowCompiler.Compile(
            [new WorkflowSource("plugins.yaml", "plugins.yaml", File.ReadAllText(Path.Combine(Directory, "plugins.yaml")))],
            new CompilerOptions("Tests", "tests", GenerateEntryPoint: false) { Plugins = ["Company.Product.NotAPlugin"] });
        var errors = RoslynCompiler.Diagnose([result.Files[0], result.Program!, "namespace Company.Product { public sealed class NotAPlugin { } }"], Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
        Assert.IsTrue(errors.Any(e => e.Contains("CS1503", StringComparison.Ordinal)), string.Join("\n", errors));
    }
}
