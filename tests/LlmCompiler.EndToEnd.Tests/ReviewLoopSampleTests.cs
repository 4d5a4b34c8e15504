using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// samples/ReviewLoop, as committed, built through the packed SDK: a draft and a structured review repeated with
/// <c>until</c> while the reviewer does not approve. The quickstart runs it on the tiny local model; here its model
/// steps are pointed at the loopback server, which answers "not approved" twice and then "approved".
/// </summary>
[TestClass]
public sealed class ReviewLoopSampleTests
{
    private static readonly string Sample = Path.Combine(TestFeed.RepoRoot, "samples", "ReviewLoop");

    [TestMethod]
    public async Task TheLoopRevisesWithTheReviewersFeedbackUntilTheThirdReviewApproves()
    {
        // The sample's own file; only the model steps' type changes, to llm against the loopback server.
        var review = File.ReadAllText(Path.Combine(Sample, "review.yaml"))
            .Replace("type: local_llm", "type: llm", StringComparison.Ordinal)
            .Replace("    model: ${LLMC_MODEL:-models/tiny.gguf}\n", string.Empty, StringComparison.Ordinal);
        Assert.IsFalse(review.Contains("local_llm", StringComparison.Ordinal), "the sample's model steps were rewritten");

        await using var server = await FakeOpenAIServer.StartAsync();
        var reviews = 0;
        var drafts = 0;
        server.Responder = request =>
        {
            if (request.Messages[^1].Content.StartsWith("Review this", StringComparison.Ordinal))
            {
                var n = Interlocked.Increment(ref reviews);
                return new FakeReply
                {
                    Content = n switch
                    {
                        1 => """{"approved":false,"feedback":"make it shorter"}""",
                        2 => """{"approved":false,"feedback":"make it more concrete"}""",
                        _ => """{"approved":true,"feedback":"good as it is"}""",
                    },
                };
            }

            return new FakeReply { Content = $"draft {Interlocked.Increment(ref drafts)}" };
        };

        var project = await TestProject.CreateAsync("review_loop_sample", new Dictionary<string, string> { ["review.yaml"] = review });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "m",
        });

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(6, server.RequestCount, "a draft and a review per iteration, three iterations");
        StringAssert.Contains(run.StandardOutput, "Approved: true\ndraft 3");

        // Each revision was asked with the previous iteration's draft and feedback (loop.previous).
        StringAssert.Contains(server.Requests[4].Body, "draft 2");
        StringAssert.Contains(server.Requests[4].Body, "make it more concrete");

        using var runFile = JsonDocument.Parse(File.ReadAllText(project.PathOf("review_loop_sample_run.json")));
        var refine = runFile.RootElement.GetProperty("workflows").GetProperty("review_loop").GetProperty("steps")[0];
        Assert.AreEqual("succeeded", refine.GetProperty("status").GetString());
        var iterations = refine.GetProperty("iterations").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, iterations.Select(i => i.GetProperty("iteration").GetInt32()).ToArray());
        CollectionAssert.AreEqual(
            new[] { "false", "false", "true" },
            iterations.Select(i => JsonDocument.Parse(i.GetProperty("output").GetString()!).RootElement.GetProperty("approved").GetString()).ToArray());
        Assert.AreEqual("draft_and_review", iterations[2].GetProperty("workflow").GetProperty("name").GetString(), "each iteration's called run is nested under it");
    }
}
