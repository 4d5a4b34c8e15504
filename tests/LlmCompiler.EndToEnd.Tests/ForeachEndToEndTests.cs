using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>foreach through a real SDK build: shell items from lines, llm items against the loopback server at max_parallel, the run file's items.</summary>
[TestClass]
public sealed class ForeachEndToEndTests
{
    private const string Flow = """
        name: fan
        steps:
          - name: list
            type: shell
            command: printf 'alpha\nbeta\n\ngamma\n'
            output: words
          - name: upper
            type: shell
            foreach: lines(words)
            max_parallel: 2
            command: printf '%s-%s' "{{index}}" "{{item}}" | tr a-z A-Z
            output: upper
          - name: ask
            type: llm
            foreach: upper
            max_parallel: 3
            if: "{{index}} != 1"
            prompt: "Describe {{item}}"
            output: answers
          - name: show
            type: shell
            command: printf '%s' "{{answers}}"
            output: shown
        """;

    [TestMethod]
    public async Task ShellAndLlmItemsRunInABuiltProgramAndTheRunFileRecordsThem()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = request => new FakeReply { Content = "about " + request.Messages[^1].Content, Delay = TimeSpan.FromMilliseconds(200) };
        var project = await TestProject.CreateAsync("fanout", new Dictionary<string, string> { ["flow.yaml"] = Flow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "m",
        });
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(2, server.RequestCount, "the item whose if is false sends nothing");

        using var runFile = JsonDocument.Parse(File.ReadAllText(project.PathOf("fanout_run.json")));
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("fan");
        Assert.AreEqual("[\"0-ALPHA\",\"1-BETA\",\"2-GAMMA\"]", context.GetProperty("upper").GetString());
        Assert.AreEqual("[\"about Describe 0-ALPHA\",null,\"about Describe 2-GAMMA\"]", context.GetProperty("shown").GetString());

        var ask = runFile.RootElement.GetProperty("workflows").GetProperty("fan").GetProperty("steps")[2];
        Assert.AreEqual("succeeded", ask.GetProperty("status").GetString());
        Assert.AreEqual(22, ask.GetProperty("input_tokens").GetInt64());
        var items = ask.GetProperty("items");
        Assert.AreEqual(3, items.GetArrayLength());
        Assert.AreEqual("skipped", items[1].GetProperty("status").GetString());
        Assert.AreEqual(7, items[2].GetProperty("output_tokens").GetInt64());
        Assert.AreEqual(2, server.MaxInFlight, "the two remaining items run at once");
    }

    [TestMethod]
    public async Task AFailedItemFailsTheProgramWithItsIndexAndABadSourceIsABuildErrorAtItsColumn()
    {
        const string Failing = """
            name: fails
            steps:
              - name: each
                type: shell
                foreach: [a, b, c]
                max_parallel: 1
                command: '[ "{{item}}" != b ]'
            """;
        var project = await TestProject.CreateAsync("foreach_fails", new Dictionary<string, string> { ["flow.yaml"] = Failing });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StandardError, "item 1 failed: command exited with code 1");

        const string Broken = """
            name: broken
            steps:
              - name: each
                type: shell
                foreach: split(x)
                command: echo {{item}}
            """;
        var broken = await TestProject.CreateAsync("foreach_broken", new Dictionary<string, string> { ["flow.yaml"] = Broken });
        var failed = await broken.BuildAsync();
        Assert.AreNotEqual(0, failed.ExitCode);
        StringAssert.Contains(failed.ToString(), "flow.yaml(5,14,5,19): error LLMC2022");
    }
}
