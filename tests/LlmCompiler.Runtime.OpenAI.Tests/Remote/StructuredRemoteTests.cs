using System.Text.Json;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>llm steps with a schema against the loopback server: the response format sent, validation, one repair request.</summary>
[TestClass]
public sealed class StructuredRemoteTests
{
    private const string Schema = """
        {"type":"object","properties":{"label":{"type":"string","enum":["bug","feature","question"]},"confidence":{"type":"number"}},"required":["label","confidence"]}
        """;

    private static LlmStep Triage(ForeachSource? each = null) => new("triage", v => each is null ? "Classify the report." : "Classify " + v["item"])
    {
        Output = "r",
        OutputSchema = Schema,
        Foreach = each,
    };

    [TestMethod]
    public async Task TheRequestCarriesTheSchemaAsAJsonSchemaResponseFormatAndAValidReplyBecomesCompactJson()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Content = "```json\n{ \"label\": \"bug\",\n  \"confidence\": 0.9 }\n```", PromptTokens = 10, CompletionTokens = 4 };
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, console) = await RunAsync(backend, Triage());

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual("{\"label\":\"bug\",\"confidence\":0.9}", result.Workflows[0].Variables["r"]);
        var format = server.Requests.Single().Field("response_format")!.Value;
        Assert.AreEqual("json_schema", format.GetProperty("type").GetString());
        var sent = format.GetProperty("json_schema");
        Assert.AreEqual("triage", sent.GetProperty("name").GetString());
        using var expected = JsonDocument.Parse(Schema);
        var schema = sent.GetProperty("schema");
        foreach (var keyword in new[] { "type", "properties", "required" })
        {
            Assert.IsTrue(JsonElement.DeepEquals(expected.RootElement.GetProperty(keyword), schema.GetProperty(keyword)), keyword + ": " + schema.GetRawText().ReplaceLineEndings(" "));
        }
    }

    [TestMethod]
    public async Task AnInvalidReplyGetsOneRepairRequestCarryingTheValidationError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => new FakeReply
        {
            Content = r.Index == 0 ? "{\"label\": \"urgent\", \"confidence\": 0.9}" : "{\"label\": \"question\", \"confidence\": 0.4}",
            PromptTokens = 10,
            CompletionTokens = 5,
        };
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, console) = await RunAsync(backend, Triage());

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual("{\"label\":\"question\",\"confidence\":0.4}", result.Workflows[0].Variables["r"]);
        Assert.AreEqual(2, server.RequestCount);
        var repair = server.Requests.Single(r => r.Index == 1);
        var messages = repair.Messages;
        Assert.AreEqual(("user", "Classify the report."), messages[0]);
        Assert.AreEqual(("assistant", "{\"label\": \"urgent\", \"confidence\": 0.9}"), messages[1]);
        Assert.AreEqual("user", messages[2].Role);
        StringAssert.Contains(messages[2].Content, "/label:", "the repair request quotes the validation error");
        Assert.IsNotNull(repair.Field("response_format"), "the repair request keeps the response format");
        Assert.AreEqual(20L, result.Workflows[0].Steps[0].InputTokens, "usage of both requests");
        Assert.AreEqual(10L, result.Workflows[0].Steps[0].OutputTokens);
    }

    [TestMethod]
    public async Task ASecondInvalidReplyFailsTheStepQuotingTheStartOfTheReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => new FakeReply { Content = "Sure! Here is the classification you asked for: it is a bug." };
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, console) = await RunAsync(backend, Triage());

        Assert.AreEqual(RunStatus.Failed, result.Status, console);
        Assert.AreEqual(2, server.RequestCount, "one request and one repair, no more");
        var error = result.Workflows[0].Steps[0].Error!;
        StringAssert.Contains(error, "also after one repair request", error);
        StringAssert.Contains(error, "not JSON: line 1, column 1", error);
        StringAssert.Contains(error, "'Sure! Here is the classification", error);
        StringAssert.Contains(server.Requests.Single(r => r.Index == 1).Messages[^1].Content, "not JSON");
    }

    [TestMethod]
    public async Task AForeachLlmStepWithASchemaHoldsAnArrayOfJsonValues()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => new FakeReply { Content = r.Messages[^1].Content.EndsWith('a') ? "{\"label\":\"bug\",\"confidence\":1}" : "{\"label\":\"feature\",\"confidence\":0}" };
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, console) = await RunAsync(backend, Triage(ForeachSource.List("a", "b")));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual("[{\"label\":\"bug\",\"confidence\":1},{\"label\":\"feature\",\"confidence\":0}]", result.Workflows[0].Variables["r"]);
    }
}
