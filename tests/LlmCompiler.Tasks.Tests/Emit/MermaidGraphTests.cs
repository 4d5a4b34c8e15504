namespace LlmCompiler.Tasks.Tests.Emit;

/// <summary>The picture of the workflows: steps in order inside their workflow, conditions, wait_for edges.</summary>
[TestClass]
public sealed class MermaidGraphTests
{
    [TestMethod]
    public void TheQuickstartsGraphShowsEveryStepItsConditionAndTheWaitBetweenWorkflows()
    {
        var demo = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "samples", "Quickstart", "demo.yaml"));
        var result = CompilerHarness.Compile(("demo.yaml", demo));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        var graph = result.Graph!;

        // The picture in the README is this output; keep the two the same.
        var readme = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "README.md"));
        StringAssert.Contains(readme, "```mermaid\n" + graph + "```", "README's quickstart picture differs from the generated graph, which is:\n" + graph);

        StringAssert.StartsWith(graph, "flowchart LR\n");
        StringAssert.Contains(graph, "subgraph w0[\"producer\"]");
        StringAssert.Contains(graph, "subgraph w1[\"consumer\"]");
        StringAssert.Contains(graph, "w0s0[\"generate_data<br/><i>shell</i>\"]");
        StringAssert.Contains(graph, "w0s0 --> w0s1");
        StringAssert.Contains(graph, "([\"summarize<br/><i>local_llm</i>\"])", "model steps are drawn rounded");
        StringAssert.Contains(graph, " -. wait_for .-> w1s0");
        StringAssert.Contains(graph, "<br/>if: {{mode}} == 'debug'", "a condition is shown as written");
        Assert.AreEqual(graph, CompilerHarness.Compile(("demo.yaml", demo)).Graph, "the graph is deterministic");
    }

    [TestMethod]
    public void LabelsCannotBreakTheDiagram()
    {
        var result = CompilerHarness.Compile(("flow.yaml", """
            name: tricky
            steps:
              - name: a
                type: shell
                command: echo "<b>"
                output: x
              - name: b
                type: shell
                if: '{{x}} != "]; click"'
                command: echo b
            """));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Graph!, "if: {{x}} != #quot;]; click#quot;");
        Assert.IsFalse(result.Graph!.Split('\n').Any(line => line.Contains("\"]; click", StringComparison.Ordinal)));
    }
    [TestMethod]
    public void LabelsShowTheTextAsWrittenWithoutYamlEscapes()
    {
        var result = CompilerHarness.Compile(("flow.yaml", """
            name: quoted
            steps:
              - name: a
                type: shell
                command: echo a
                output: x
              - name: double
                type: shell
                if: "{{x}} == \"item 1\""
                command: echo b
              - name: single
                type: shell
                if: '{{x}} != ''it'''
                command: echo c
            """));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Graph!, "if: {{x}} == #quot;item 1#quot;\"]", result.Graph);
        StringAssert.Contains(result.Graph!, "if: {{x}} != 'it'\"]", result.Graph);
        Assert.IsFalse(result.Graph!.Contains('\\', StringComparison.Ordinal), result.Graph);
    }

    [TestMethod]
    public void AWaitForEdgeJoinsTheStepWaitedForToTheWaitingStepEvenBesideACall()
    {
        var result = CompilerHarness.Compile(("flow.yaml", """
            name: producer
            steps:
              - name: make
                type: shell
                command: echo 42
            ---
            name: child
            steps:
              - name: inner
                type: shell
                command: echo inner
            ---
            name: main
            steps:
              - name: call
                type: workflow
                workflow: child
                wait_for: producer.make
              - name: use
                type: shell
                wait_for: producer.make
                command: echo used
            """));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        var waits = result.Graph!.Split('\n').Where(line => line.Contains("wait_for", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        CollectionAssert.AreEqual(new[] { "w0s0 -. wait_for .-> w2s0", "w0s0 -. wait_for .-> w2s1" }, waits, result.Graph);
        StringAssert.Contains(result.Graph!, "w2s0 == calls ==> w1");
    }

    [TestMethod]
    public void AForeachStepShowsWhatItIterates()
    {
        var result = CompilerHarness.Compile(("flow.yaml", """
            name: fan
            steps:
              - name: list
                type: shell
                command: printf 'a\nb'
                output: files
              - name: each
                type: shell
                foreach: lines(files)
                command: echo "{{item}}"
                output: echoed
              - name: fixed
                type: shell
                foreach: [x, y, z]
                command: echo "{{item}}"
            """));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Graph!, "w0s1[\"each<br/><i>shell</i><br/>foreach: lines(files)\"]");
        StringAssert.Contains(result.Graph!, "w0s2[\"fixed<br/><i>shell</i><br/>foreach: 3 items\"]");
    }
}
