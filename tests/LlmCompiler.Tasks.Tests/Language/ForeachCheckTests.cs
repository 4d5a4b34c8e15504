namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>What the checker accepts around foreach, silently: the corpus holds what it rejects.</summary>
[TestClass]
public sealed class ForeachCheckTests
{
    [TestMethod]
    public void ItemAndIndexAreReadableEverywhereInsideAForeachStep()
    {
        const string Yaml = """
            name: wf
            steps:
              - name: each
                type: shell
                foreach: [a, b]
                if: "{{index}} != 1 && item != 'x'"
                working_directory: "/tmp/{{item}}"
                env: { WHICH: "{{index}}" }
                command: echo "{{item}} {{index}} $WHICH"
                output: all
              - name: ask
                type: llm
                foreach: all
                system: "Item {{index}}"
                prompt: "{{item}}"
                output: answers
              - name: show
                type: shell
                command: echo "{{answers}}"
            """;
        var result = CompilerHarness.Compile(("flow.yaml", Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(0, result.Diagnostics.Count(d => d.Severity != LlmCompiler.Tasks.Diagnostics.DiagnosticSeverity.Info), string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "ConditionPerItem = true");
    }

    [TestMethod]
    public void TheReadmeExampleCompiles()
    {
        const string Yaml = """
            name: wf
            steps:
              - name: fetch
                type: shell
                command: echo '["a", "b"]'
                output: tickets
              - name: classify
                type: llm
                foreach: fromJSON(tickets)
                max_parallel: 8
                if: "{{index}} < 100"
                prompt: "Classify this ticket: {{item}}"
                output: labels
              - name: again
                type: shell
                foreach: labels
                command: echo {{item}}
            """;
        var result = CompilerHarness.Compile(("flow.yaml", Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(0, result.Diagnostics.Count(d => d.Severity != LlmCompiler.Tasks.Diagnostics.DiagnosticSeverity.Info), string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    public void AForeachStepWithAPerItemIfOrContinueOnErrorAlwaysSetsItsOutput()
    {
        // LLMC2019 would say the output may be unset; such a step never is skipped or failed as a whole.
        const string Yaml = """
            name: wf
            steps:
              - name: some
                type: shell
                foreach: [a, b]
                if: index == 0
                command: echo {{item}}
                output: some
              - name: tolerant
                type: shell
                foreach: fromJSON(some)
                continue_on_error: true
                command: echo {{item}}
                output: tolerant
              - name: show
                type: shell
                command: echo "{{some}} {{tolerant}}"
            """;
        Assert.IsFalse(CompilerHarness.Diagnostics(Yaml).Any(d => d.Id == "LLMC2019"), string.Join("\n", CompilerHarness.Diagnostics(Yaml)));
    }

    [TestMethod]
    public void TheOutputOfAnotherWorkflowsForeachStepIsAnArrayWhenReceived()
    {
        const string Yaml = """
            name: producer
            steps:
              - name: each
                type: shell
                foreach: [a, b]
                command: echo {{item}}
            ---
            name: consumer
            steps:
              - name: use
                type: shell
                wait_for: producer.each
                foreach: producer.each
                command: echo {{item}}
            """;
        var result = CompilerHarness.Compile(("flow.yaml", Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "ForeachSource.Array(\"producer.each\")");
    }

    [TestMethod]
    public void AnInputNamedItemIsReadableOutsideForeachAndShadowedInside()
    {
        const string Yaml = """
            name: wf
            inputs:
              item: { type: string, default: x }
            steps:
              - name: plain
                type: shell
                command: echo {{item}}
              - name: each
                type: shell
                foreach: [a]
                command: echo {{item}}
            """;
        Assert.IsTrue(CompilerHarness.Compile(("flow.yaml", Yaml)).Success);
    }
}
