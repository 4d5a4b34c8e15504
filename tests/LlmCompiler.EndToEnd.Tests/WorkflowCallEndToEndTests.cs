using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>Workflow calls through a real SDK build: a called workflow in its own file, per item and once, typed field reads, the run file nested.</summary>
[TestClass]
public sealed class WorkflowCallEndToEndTests
{
    internal const string Helper = """
        name: tag_word
        inputs:
          word: { type: string, required: true }
          mark: { type: string, default: "*" }
        outputs:
          tagged: "{{tagged}}"
          length: "{{length}}"
        steps:
          - name: tag
            type: shell
            command: printf '%s%s%s' "{{mark}}" "{{word}}" "{{mark}}"
            output: tagged
          - name: count
            type: shell
            command: printf '%s' "{{word}}" | wc -c | tr -d ' '
            output: length
        """;

    internal const string Main = """
        name: main
        steps:
          - name: list
            type: shell
            command: printf 'red\ngreen\nblue\n'
            output: words
          - name: tag_all
            type: workflow
            workflow: tag_word
            foreach: lines(words)
            max_parallel: 2
            with: { word: "{{item}}", mark: "#" }
            output: tags
          - name: one
            type: workflow
            workflow: tag_word
            with: { word: solo }
            output: single
          - name: show
            type: shell
            foreach: tags
            command: printf '%s=%s' "{{item.tagged}}" "{{item.length}}"
            output: shown
          - name: last
            type: shell
            command: printf '%s' "{{single.tagged}}"
            output: last
        """;

    [TestMethod]
    public async Task ACalledWorkflowRunsPerItemAndOnceItsOutputsAreTypedAndTheRunFileNestsItsSteps()
    {
        var project = await TestProject.CreateAsync("calls", new Dictionary<string, string> { ["helper.yaml"] = Helper, ["main.yaml"] = Main });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync();
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        using var runFile = JsonDocument.Parse(File.ReadAllText(project.PathOf("calls_run.json")));
        var workflows = runFile.RootElement.GetProperty("workflows");
        Assert.IsFalse(workflows.TryGetProperty("tag_word", out _), "a called workflow is not started on its own");
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("main");
        Assert.AreEqual(
            "[{\"tagged\":\"#red#\",\"length\":\"3\"},{\"tagged\":\"#green#\",\"length\":\"5\"},{\"tagged\":\"#blue#\",\"length\":\"4\"}]",
            context.GetProperty("tags").GetString());
        Assert.AreEqual("[\"#red#=3\",\"#green#=5\",\"#blue#=4\"]", context.GetProperty("shown").GetString());
        Assert.AreEqual("*solo*", context.GetProperty("last").GetString());

        var steps = workflows.GetProperty("main").GetProperty("steps");
        var second = steps[1].GetProperty("items")[1].GetProperty("workflow");
        Assert.AreEqual("tag_word", second.GetProperty("name").GetString());
        Assert.AreEqual("succeeded", second.GetProperty("status").GetString());
        CollectionAssert.AreEqual(new[] { "tag", "count" }, second.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
        Assert.AreEqual("tag_word", steps[2].GetProperty("workflow").GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task AnUnknownOutputFieldIsABuildErrorAtItsColumnWithADidYouMean()
    {
        const string Broken = """
            name: main
            steps:
              - name: one
                type: workflow
                workflow: tag_word
                with: { word: solo }
                output: single
              - name: last
                type: shell
                command: echo {{single.taged}}
            """;
        var project = await TestProject.CreateAsync("calls_broken", new Dictionary<string, string> { ["helper.yaml"] = Helper, ["main.yaml"] = Broken });
        var build = await project.BuildAsync();
        Assert.AreNotEqual(0, build.ExitCode);
        StringAssert.Contains(build.ToString(), "main.yaml(10,19,10,35): error LLMC2030");
        StringAssert.Contains(build.ToString(), "Did you mean 'tagged'?");
    }
}
