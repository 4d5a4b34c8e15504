namespace LlmCompiler.Tasks.Tests.Parsing;

/// <summary>How the YAML reader reports a file YamlDotNet cannot read: where, and what to do about it.</summary>
[TestClass]
public sealed class YamlTreeReaderTests
{
    [TestMethod]
    public void APlainScalarThatLooksLikeJsonIsReportedAtItsStartWithAHintToQuoteItOrUseABlockScalar()
    {
        const string yaml = """
            name: wf
            steps:
              - name: show
                type: shell
                command: echo '{"a": 1}'
            """;
        var diagnostic = CompilerHarness.Single(yaml, "LLMC1001", 5, 14);
        StringAssert.Contains(diagnostic.Message, """The value 'echo '{"a": 1}'' has ': ' at column 24""");
        StringAssert.Contains(diagnostic.Message, """Quote the whole value ('echo ''{"a": 1}''', doubling its single quotes)""");
        StringAssert.Contains(diagnostic.Message, "block scalar: '|'");
    }

    [TestMethod]
    public void AColonInAnUnquotedValueIsReportedWithTheSameHint()
    {
        var diagnostic = CompilerHarness.Single("""
            name: wf
            steps:
              - name: show
                type: shell
                command: echo a: b
            """, "LLMC1001", 5, 14);
        StringAssert.Contains(diagnostic.Message, "Quote the whole value");
    }

    [TestMethod]
    public void OtherYamlErrorsKeepYamlDotNetsMessageWithoutTheHint()
    {
        var diagnostics = CompilerHarness.Diagnostics("""
            name: wf
            steps: [a, b
            """);
        Assert.AreEqual("LLMC1001", diagnostics[0].Id);
        Assert.IsFalse(diagnostics[0].Message.Contains("Quote the whole value", StringComparison.Ordinal), diagnostics[0].Message);
    }
}
