using System.Text.RegularExpressions;

namespace LlmCompiler.Tasks.Tests.Emit;

/// <summary>The definition hash the generated code carries: it follows what a workflow does, not where it lives.</summary>
[TestClass]
public sealed partial class DefinitionHashTests
{
    private const string Flow = """
        name: w
        steps:
          - name: a
            type: shell
            command: echo one
        """;

    private static string Hash(string yaml, string path = "flow.yaml")
    {
        var result = CompilerHarness.Compile((path, yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        return HashPattern().Match(result.Files[0]).Groups[1].Value;
    }

    [TestMethod]
    public void TheSameDefinitionGetsTheSameHashWhereverItsFileLives()
    {
        var hash = Hash(Flow);
        Assert.AreEqual(16, hash.Length);
        Assert.AreEqual(hash, Hash(Flow, "elsewhere/other.yaml"));
    }

    [TestMethod]
    public void ChangingACommandChangesTheHash() =>
        Assert.AreNotEqual(Hash(Flow), Hash(Flow.Replace("echo one", "echo two", StringComparison.Ordinal)));

    [TestMethod]
    public void AddingAFieldChangesTheHash() =>
        Assert.AreNotEqual(Hash(Flow), Hash(Flow + "\n    continue_on_error: true\n"));

    [GeneratedRegex("DefinitionHash = \"([0-9a-f]+)\"")]
    private static partial Regex HashPattern();
}
