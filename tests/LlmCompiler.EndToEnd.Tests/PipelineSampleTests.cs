using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// samples/Pipeline, as committed, built through the packed SDK: read a list, classify each entry under a schema,
/// route on the answer's fields, call a reusable workflow. The quickstart runs it on the tiny local model; here its
/// model step is pointed at the loopback server, whose answers decide the routing.
/// </summary>
[TestClass]
public sealed class PipelineSampleTests
{
    private static readonly string Sample = Path.Combine(TestFeed.RepoRoot, "samples", "Pipeline");

    [TestMethod]
    public async Task ThePipelineRoutesEachTicketOnItsStructuredAnswerAndOpensIssuesThroughTheCalledWorkflow()
    {
        // The sample's own files; only the model step's type changes, to llm against the loopback server.
        var pipeline = File.ReadAllText(Path.Combine(Sample, "pipeline.yaml"))
            .Replace("type: local_llm", "type: llm", StringComparison.Ordinal)
            .Replace("    model: ${LLMC_MODEL:-models/tiny.gguf}\n", string.Empty, StringComparison.Ordinal);
        Assert.IsFalse(pipeline.Contains("local_llm", StringComparison.Ordinal), "the sample's model step was rewritten");
        var files = new Dictionary<string, string>
        {
            ["pipeline.yaml"] = pipeline,
            ["tickets.txt"] = File.ReadAllText(Path.Combine(Sample, "tickets.txt")),
            ["prompts/classify.md"] = File.ReadAllText(Path.Combine(Sample, "prompts", "classify.md")),
        };

        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = request =>
        {
            var prompt = request.Messages[^1].Content;
            var verdict = prompt.Contains("crashes", StringComparison.Ordinal) ? """{"label":"bug","urgent":true}"""
                : prompt.Contains("Safari", StringComparison.Ordinal) ? """{"label":"bug","urgent":false}"""
                : prompt.Contains("dark mode", StringComparison.Ordinal) ? """{"label":"feature","urgent":false}"""
                : """{"label":"question","urgent":false}""";
            return new FakeReply { Content = verdict };
        };

        var project = await TestProject.CreateAsync("pipeline_sample", files);
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "m",
        });
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(4, server.RequestCount, "one request per ticket");
        StringAssert.Contains(server.Requests[0].Body, "json_schema", "the schema travels as the response format");
        StringAssert.Contains(run.StandardOutput, "paging on-call for bug-3");

        using var runFile = JsonDocument.Parse(File.ReadAllText(project.PathOf("pipeline_sample_run.json")));
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("triage");
        Assert.AreEqual(
            """[{"label":"bug","urgent":false},{"label":"feature","urgent":false},{"label":"question","urgent":false},{"label":"bug","urgent":true}]""",
            context.GetProperty("verdicts").GetString());
        Assert.AreEqual("""[{"id":"bug-0"},null,null,{"id":"bug-3"}]""", context.GetProperty("opened").GetString());

        // The called runs are nested under the calling step's items, so a failure there can be traced.
        var items = runFile.RootElement.GetProperty("workflows").GetProperty("triage").GetProperty("steps")[2].GetProperty("items");
        Assert.AreEqual("skipped", items[1].GetProperty("status").GetString());
        var called = items[3].GetProperty("workflow");
        Assert.AreEqual("open_issue", called.GetProperty("name").GetString());
        Assert.AreEqual("succeeded", called.GetProperty("steps")[1].GetProperty("status").GetString(), "the urgent bug pages on-call");
    }
}
