using System.Text.Json;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;

namespace LlmCompiler.Runtime.Mcp.Tests;

/// <summary>llm steps with tools: the loopback OpenAI-wire server answers with tool_calls, server-everything runs them.</summary>
[TestClass]
public sealed class LlmToolTests
{
    private static FakeReply ToolCall(string function, string arguments, int index) => new()
    {
        RawBody = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-tools",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "test-model",
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = $"call_{index}", type = "function", function = new { name = function, arguments } } } },
                    finish_reason = "tool_calls",
                },
            },
            usage = new { prompt_tokens = 5, completion_tokens = 5, total_tokens = 10 },
        }),
    };

    private static async Task<RunResult> RunAsync(FakeOpenAIServer server, LlmStep step)
    {
        var servers = new McpServers(progress: null);
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = server.BaseUrl, DefaultModel = "test-model", RequestTimeout = TimeSpan.FromSeconds(30) });
        try
        {
            var options = new WorkflowRunOptions { RemoteModels = backend, Log = TextWriter.Null, Output = TextWriter.Null };
            options.Backends[McpServers.StepKind] = servers;
            return await WorkflowRunner.RunAsync([new Workflow("w", [step])], options);
        }
        finally
        {
            await servers.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task TheModelsToolCallsRunOnTheServerAndAreRecordedAsServerDotTool()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        model.Responder = request => request.Index == 0
            ? ToolCall("everything__get-sum", """{"a":40,"b":2}""", 0)
            : new FakeReply { Content = "answer after: " + request.Messages[^1].Content };
        var step = new LlmStep("agent", _ => "add 40 and 2") { Output = "answer", Tools = [new(Everything.Server("llm-tools"), "get-sum")] };

        var result = await RunAsync(model, step);

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, record.Status, record.Error);
        Assert.AreEqual("answer after: The sum of 40 and 2 is 42.", result.Workflows[0].Variables["answer"]);
        var offered = model.Requests[0].Field("tools")!.Value.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "everything__get-sum" }, offered);
        var call = record.ToolCalls!.Single();
        Assert.AreEqual("everything.get-sum", call.Tool);
        Assert.AreEqual("succeeded", call.Status);
        Assert.AreEqual("The sum of 40 and 2 is 42.".Length, call.ResultChars);
        using var arguments = JsonDocument.Parse(call.Arguments);
        Assert.AreEqual(40, arguments.RootElement.GetProperty("a").GetInt32());

        using var runFile = JsonDocument.Parse(RunFile.ToJson(result, "test"));
        var written = runFile.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps")[0].GetProperty("tool_calls")[0];
        Assert.AreEqual("everything.get-sum", written.GetProperty("tool").GetString());
        Assert.AreEqual(JsonValueKind.Object, written.GetProperty("arguments").ValueKind);
    }

    [TestMethod]
    public async Task EachToolCallIsAnExecuteToolSpanUnderTheStep()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("LlmCompiler.Runtime", StringComparison.Ordinal),
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var model = await FakeOpenAIServer.StartAsync();
        model.Responder = request => request.Index == 0
            ? ToolCall("everything__get-env", "{}", 0)
            : new FakeReply { Content = "done" };

        // get-env: no other test of this class calls it, and the listener hears every test running at the same time.
        var step = new LlmStep("traced", _ => "env") { Output = "answer", Tools = [new(Everything.Server("llm-spans"), "get-env")] };

        var result = await RunAsync(model, step);

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        System.Diagnostics.Activity[] tools;
        lock (spans)
        {
            tools = [.. spans.Where(s => s.GetTagItem("gen_ai.operation.name") as string == "execute_tool" && s.GetTagItem("gen_ai.tool.name") as string == "everything__get-env")];
        }

        Assert.HasCount(1, tools);
    }

    [TestMethod]
    public async Task AskingForMoreToolCallsThanMaxToolCallsFailsTheStepSayingSo()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        model.Responder = request => ToolCall("everything__echo", """{"message":"again"}""", request.Index);
        var step = new LlmStep("agent", _ => "loop") { Output = "answer", MaxToolCalls = 2, Tools = [new(Everything.Server("llm-limit"), "*")] };

        var result = await RunAsync(model, step);

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, record.Status);
        StringAssert.Contains(record.Error, "the model asked for more than 2 tool calls (max_tool_calls: 2)");
        Assert.AreEqual(3, model.RequestCount, "two calls answered, the third refused");
    }

    [TestMethod]
    public async Task AToolErrorGoesBackToTheModelAndIsRecordedAsFailed()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        model.Responder = request => request.Index == 0
            ? ToolCall("everything__get-sum", """{"a":1}""", 0)
            : new FakeReply { Content = "told: " + request.Messages[^1].Content };
        var step = new LlmStep("agent", _ => "add") { Output = "answer", Tools = [new(Everything.Server("llm-error"), "get-sum")] };

        var result = await RunAsync(model, step);

        var record = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, record.Status, record.Error);
        Assert.AreEqual("failed", record.ToolCalls!.Single().Status);
        StringAssert.Contains(result.Workflows[0].Variables["answer"], "told: ");
    }
}
