using LlmCompiler.Tasks;

namespace LlmCompiler.Tasks.Tests;

/// <summary>LLMC0007: a model step whose backend package the project lacks fails the build, naming the fix.</summary>
[TestClass]
public sealed class ModelBackendCheckTests
{
    private const string Yaml = """
        name: flow
        steps:
          - name: ask
            type: llm
            prompt: hi
          - name: think
            type: local_llm
            model: m.gguf
            prompt: hi
          - name: say
            type: shell
            command: echo hi
        """;

    private static CompilationResult Compile(params string[] backends) =>
        WorkflowCompiler.Compile(
            [new WorkflowSource("flow.yaml", "flow.yaml", Yaml)],
            new CompilerOptions("Tests", "tests", GenerateEntryPoint: true) { ModelBackends = backends.ToHashSet(StringComparer.Ordinal) });

    [TestMethod]
    public void EachModelStepWithoutItsBackendIsAnErrorThatNamesThePackageAndTheProperty()
    {
        var result = Compile();
        Assert.IsFalse(result.Success);
        var errors = result.Diagnostics.Where(d => d.Id == "LLMC0007").ToList();
        Assert.AreEqual(2, errors.Count, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(3, errors[0].Span.Line);
        StringAssert.Contains(errors[0].Message, "LlmCompiler.Runtime.OpenAI");
        StringAssert.Contains(errors[0].Message, "LlmCompilerAddRemoteBackend");
        Assert.AreEqual(6, errors[1].Span.Line);
        StringAssert.Contains(errors[1].Message, "LlmCompiler.Runtime.LlamaSharp");
        StringAssert.Contains(errors[1].Message, "LlmCompilerAddLocalBackend");
    }

    [TestMethod]
    public void StepsWhoseBackendIsReferencedCompile() =>
        Assert.IsTrue(Compile("llm", "local_llm").Success);

    [TestMethod]
    public void WithoutBackendInformationNothingIsChecked() =>
        Assert.IsTrue(WorkflowCompiler.Compile([new WorkflowSource("flow.yaml", "flow.yaml", Yaml)], new CompilerOptions("Tests", "tests", true)).Success);
}
