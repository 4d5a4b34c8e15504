using LlmCompiler.Tasks.Emit;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmCompiler.Tasks.Tests.Emit;

/// <summary>The namespace of generated code comes from the project's RootNamespace, which may be any project name.</summary>
[TestClass]
public sealed class NamespaceTests
{
    private const string Flow = """
        name: hello
        steps:
          - name: greet
            type: shell
            command: echo hi
        """;

    [TestMethod]
    [DataRow("class", "@class")]
    [DataRow("foreach", "@foreach")]
    [DataRow("__arglist", "@__arglist")]
    [DataRow("global", "global")]
    [DataRow("System", "System")]
    [DataRow("event", "@event")]
    [DataRow("My.namespace.App", "My.@namespace.App")]
    [DataRow("my-app", "my_app")]
    [DataRow("1st", "_1st")]
    [DataRow("record", "record")]
    public void AProjectNamedLikeAKeywordGetsAValidNamespaceAndTheCodeCompiles(string rootNamespace, string expected)
    {
        var result = WorkflowCompiler.Compile(
            [new WorkflowSource("flow.yaml", "flow.yaml", Flow)], new CompilerOptions(rootNamespace, rootNamespace, GenerateEntryPoint: true));
        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], $"namespace {expected};");
        StringAssert.Contains(result.Program, $"namespace {expected};");
        var errors = RoslynCompiler.Diagnose([result.Files[0], result.Program!]);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
    }

    [TestMethod]
    public void ExactlyCSharpsReservedKeywordsAreEscaped()
    {
        foreach (var keyword in SyntaxFacts.GetReservedKeywordKinds().Select(SyntaxFacts.GetText))
        {
            Assert.AreEqual("@" + keyword, Identifiers.EscapeKeyword(keyword), keyword);
        }

        // Contextual keywords stay as written: they are identifiers in a namespace and in RunAsync's parameters (not an async method).
        foreach (var keyword in SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText))
        {
            Assert.AreEqual(keyword, Identifiers.EscapeKeyword(keyword), keyword);
        }
    }
}
