using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests;

/// <summary>foreach steps: order, the max_parallel bound, failure policies, sources and the run file's items.</summary>
[TestClass]
public sealed class ForeachTests
{
    private static WorkflowRunOptions Quiet(IModelBackend? remote = null) =>
        new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, RemoteModels = remote };

    /// <summary>A shell step over <paramref name="source"/> that sees the item and index as ITEM and INDEX.</summary>
    private static ShellStep EachItem(
        string command,
        ForeachSource source,
        int? maxParallel = null,
        bool failFast = true,
        bool continueOnError = false,
        Func<IWorkflowState, bool>? condition = null,
        bool conditionPerItem = false) => new("each", command)
    {
        Foreach = source,
        Output = "out",
        Environment = v => [new("ITEM", v["item"]), new("INDEX", v["index"])],
        MaxParallel = maxParallel,
        FailFast = failFast,
        ContinueOnError = continueOnError,
        Condition = condition,
        ConditionPerItem = conditionPerItem,
    };

    private static Task<RunResult> Run(params WorkflowStep[] steps) => WorkflowRunner.RunAsync([new Workflow("w", steps)], Quiet());

    [TestMethod]
    public async Task OutputHasOneEntryPerItemInInputOrderWhateverOrderTheyFinishIn()
    {
        // Item 0 sleeps longest, so the items finish in reverse order.
        var step = EachItem("sleep \"0.$((3 - INDEX))\"; printf 'x-%s' \"$ITEM\"", ForeachSource.List("c", "a", "b"), maxParallel: 3);
        var result = await Run(step);
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        Assert.AreEqual("[\"x-c\",\"x-a\",\"x-b\"]", result.Workflows[0].Variables["out"]);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, result.Workflows[0].Steps[0].Items!.Select(i => i.Index).ToArray());
    }

    [TestMethod]
    public async Task MaxParallelBoundsTheItemsRunningAtOnce()
    {
        var client = new GaugeChatClient(TimeSpan.FromMilliseconds(30));
        var step = new LlmStep("each", v => "p" + v["index"]) { Foreach = ForeachSource.List([.. Enumerable.Range(0, 12).Select(i => i.ToString())]), MaxParallel = 3, Output = "out" };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet(new Backend(client)));
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        Assert.AreEqual(3, client.MostAtOnce);
        Assert.AreEqual(12, JsonDocument.Parse(result.Workflows[0].Variables["out"]).RootElement.GetArrayLength());
    }

    [TestMethod]
    public async Task MaxParallelOneRunsTheItemsOneAfterAnotherInOrder()
    {
        var client = new GaugeChatClient(TimeSpan.FromMilliseconds(5));
        var step = new LlmStep("each", v => "p" + v["item"]) { Foreach = ForeachSource.List("0", "1", "2", "3", "4"), MaxParallel = 1, Output = "out" };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet(new Backend(client)));
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual(1, client.MostAtOnce);
        CollectionAssert.AreEqual(new[] { "p0", "p1", "p2", "p3", "p4" }, client.Prompts.ToArray());
        Assert.AreEqual("[\"echo p0\",\"echo p1\",\"echo p2\",\"echo p3\",\"echo p4\"]", result.Workflows[0].Variables["out"]);
    }

    [TestMethod]
    public async Task TheFirstFailedItemFailsTheStepCancelsRunningItemsAndStartsNoMore()
    {
        var items = ForeachSource.List([.. Enumerable.Range(0, 10).Select(i => i.ToString())]);
        var step = EachItem("if [ \"$INDEX\" = 1 ]; then echo bad >&2; exit 4; fi; sleep 20", items, maxParallel: 3);
        var result = await Run(step, new ShellStep("after", "true"));
        var each = result.Workflows[0].Steps[0];
        var records = each.Items!;
        var states = string.Join("; ", records.Select(i => $"{i.Index} {i.Status} {i.Error}"));
        Assert.AreEqual(StepStatus.Failed, each.Status, states);
        Assert.AreEqual("item 1 failed: command exited with code 4: bad", each.Error, states);
        // Running items run 'sleep 20', which exits 0: only a kill makes them cancelled rather than succeeded. Item 2
        // is cancelled when its worker started before item 1 failed, and never run otherwise (a busy machine may
        // delay the third worker's start past item 1's failure).
        Assert.AreEqual(StepStatus.Cancelled, records[0].Status, states);
        Assert.IsTrue(records[2].Status == StepStatus.Cancelled || (records[2].Status == StepStatus.NotRun && records[2].StartedAt is null), states);
        Assert.IsTrue(records.Skip(3).All(i => i.Status == StepStatus.NotRun), states);
        Assert.AreEqual(StepStatus.NotRun, result.Workflows[0].Steps[1].Status);
    }

    [TestMethod]
    public async Task WithoutFailFastEveryItemRunsAndThenTheStepFails()
    {
        var step = EachItem("[ $((INDEX % 2)) = 0 ] || exit 3; printf '%s' \"$ITEM\"", ForeachSource.List("a", "b", "c", "d"), maxParallel: 1, failFast: false);
        var result = await Run(step);
        var each = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, each.Status);
        Assert.AreEqual("2 of 4 items failed; item 1 failed first: command exited with code 3", each.Error);
        CollectionAssert.AreEqual(
            new[] { StepStatus.Succeeded, StepStatus.Failed, StepStatus.Succeeded, StepStatus.Failed },
            each.Items!.Select(i => i.Status).ToArray());
        Assert.IsNull(each.Output);
    }

    [TestMethod]
    public async Task ContinueOnErrorMakesFailedItemsNullAndTheStepSucceed()
    {
        var step = EachItem("[ \"$ITEM\" != b ] || exit 1; printf '%s' \"$ITEM\"", ForeachSource.List("a", "b", "c"), continueOnError: true);
        var result = await Run(step);
        var each = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Succeeded, each.Status);
        Assert.AreEqual("[\"a\",null,\"c\"]", result.Workflows[0].Variables["out"]);
        Assert.AreEqual(StepStatus.Failed, each.Items![1].Status);
        Assert.AreEqual("command exited with code 1", each.Items[1].Error);
    }

    [TestMethod]
    public async Task AnEmptyArrayGivesAnEmptyArrayAndSuccess()
    {
        var result = await Run(new ShellStep("make", "echo '[ ]'") { Output = "list" }, EachItem("exit 1", ForeachSource.FromJson("list")));
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual("[]", result.Workflows[0].Variables["out"]);
        Assert.AreEqual(0, result.Workflows[0].Steps[1].Items!.Count);
    }

    [TestMethod]
    public async Task AValueThatIsJsonButNotAnArrayFailsTheStepQuotingTheValue()
    {
        var result = await Run(new ShellStep("make", "echo '{\"a\": 1}'") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")));
        var each = result.Workflows[0].Steps[1];
        Assert.AreEqual(StepStatus.Failed, each.Status);
        Assert.AreEqual("foreach: fromJSON(list) is not a JSON array: '{\"a\": 1}'", each.Error);

        var long_ = await Run(new ShellStep("make", "printf '\"long %060d\"' 0") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")));
        StringAssert.Contains(long_.Workflows[0].Steps[1].Error, "is not a JSON array: '\"long 000");
        StringAssert.Contains(long_.Workflows[0].Steps[1].Error, "…'");
    }

    [TestMethod]
    public async Task MalformedJsonFailsTheStepSayingItDoesNotParseAndWhere()
    {
        var oneLine = await Run(new ShellStep("make", "echo '[1, 2,, 3]'") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")));
        Assert.AreEqual("foreach: fromJSON(list) does not parse as JSON: line 1, column 7, after '[1, 2,,'", oneLine.Workflows[0].Steps[1].Error);

        var lines = await Run(new ShellStep("make", "printf '[\\n  \"a\",\\n  b\\n]'") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")));
        StringAssert.StartsWith(lines.Workflows[0].Steps[1].Error, "foreach: fromJSON(list) does not parse as JSON: line 3, column 3");

        var notJson = await Run(new ShellStep("make", "echo 'hello'") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")));
        StringAssert.StartsWith(notJson.Workflows[0].Steps[1].Error, "foreach: fromJSON(list) does not parse as JSON: line 1, column 1, after 'h'");
        Assert.IsFalse(notJson.Workflows[0].Steps[1].Error!.Contains("is not a JSON array", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task TheFailedLineOfABadSourceNamesTheStepOnce()
    {
        var log = new StringWriter();
        var steps = new WorkflowStep[] { new ShellStep("make", "echo '{\"a\": 1}'") { Output = "list" }, EachItem("true", ForeachSource.FromJson("list")) };
        await WorkflowRunner.RunAsync([new Workflow("w", steps)], new WorkflowRunOptions { Log = log, Output = TextWriter.Null });
        var failed = log.ToString().Split('\n').Single(l => l.Contains("FAILED", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.AreEqual("[w] each: FAILED: foreach: fromJSON(list) is not a JSON array: '{\"a\": 1}'", failed);
    }

    [TestMethod]
    public async Task EachStderrLineOfAnItemIsPrefixedWithItsWorkflowStepAndIndex()
    {
        var log = new StringWriter();
        var step = EachItem("printf 'warn %s\\nsecond line\\n' \"$ITEM\" >&2", ForeachSource.List("a", "b", "c"), maxParallel: 3);
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = log, Output = TextWriter.Null });
        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        var lines = log.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEquivalent(
            new[] { "[w] each[0]: warn a", "[w] each[0]: second line", "[w] each[1]: warn b", "[w] each[1]: second line", "[w] each[2]: warn c", "[w] each[2]: second line" },
            lines);
    }

    [TestMethod]
    public async Task JsonItemsAreTextAndLinesSkipBlankOnes()
    {
        var json = await Run(new ShellStep("make", "echo '[\"a b\", 2, {\"k\": true}]'") { Output = "list" }, EachItem("printf '%s' \"$ITEM\"", ForeachSource.FromJson("list")));
        Assert.AreEqual("[\"a b\",\"2\",\"{\\\"k\\\": true}\"]", json.Workflows[0].Variables["out"]);

        var lines = await Run(new ShellStep("make", "printf 'one\\n\\n  \\ntwo\\r\\n'") { Output = "text" }, EachItem("printf '%s' \"$ITEM\"", ForeachSource.Lines("text")));
        Assert.AreEqual("[\"one\",\"two\"]", lines.Workflows[0].Variables["out"]);
    }

    [TestMethod]
    public async Task AnIfThatReadsTheItemIsEvaluatedPerItemAndSkippedItemsAreNull()
    {
        var step = EachItem("printf '%s' \"$ITEM\"", ForeachSource.List("a", "b", "c"), condition: v => v["index"] != "1", conditionPerItem: true);
        var result = await Run(step);
        Assert.AreEqual(StepStatus.Succeeded, result.Workflows[0].Steps[0].Status);
        Assert.AreEqual("[\"a\",null,\"c\"]", result.Workflows[0].Variables["out"]);
        Assert.AreEqual(StepStatus.Skipped, result.Workflows[0].Steps[0].Items![1].Status);
    }

    [TestMethod]
    public async Task AnIfThatDoesNotReadTheItemSkipsTheWholeStep()
    {
        var result = await Run(EachItem("true", ForeachSource.List("a"), condition: _ => false));
        Assert.AreEqual(StepStatus.Skipped, result.Workflows[0].Steps[0].Status);
        Assert.IsNull(result.Workflows[0].Steps[0].Items);
    }

    [TestMethod]
    public async Task TimeoutAndRetryApplyToEachItem()
    {
        var marker = Path.Combine(Path.GetTempPath(), "llmc-foreach-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Item 0 fails its first attempt only; item 1 always outlives its timeout.
            var step = new ShellStep("each", $"if [ \"$INDEX\" = 0 ] && [ ! -e \"{marker}\" ]; then touch \"{marker}\"; exit 1; fi; [ \"$INDEX\" = 0 ] || sleep 10")
            {
                Foreach = ForeachSource.List("a", "b"),
                Environment = v => [new("INDEX", v["index"])],
                Timeout = TimeSpan.FromSeconds(1),
                MaxAttempts = 2,
                FailFast = false,
            };
            var result = await Run(step);
            var items = result.Workflows[0].Steps[0].Items!;
            Assert.AreEqual(StepStatus.Succeeded, items[0].Status);
            Assert.AreEqual(StepStatus.Failed, items[1].Status);
            Assert.AreEqual("timed out after 1 s (timeout) (gave up after 2 attempts)", items[1].Error);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [TestMethod]
    public async Task WaitForOnAForeachStepReceivesItsArray()
    {
        var producer = new Workflow("producer", [EachItem("printf '%s' \"$ITEM\"", ForeachSource.List("a", "b"))]);
        var consumer = new Workflow("consumer", [new ShellStep("use", "true") { WaitFor = "producer.each" }]);
        var result = await WorkflowRunner.RunAsync([consumer, producer], Quiet());
        Assert.AreEqual("[\"a\",\"b\"]", result.Workflows[0].Variables["producer.each"]);
    }

    [TestMethod]
    public async Task WithoutOutputEachItemPrintsItsStdoutAndTheArrayIsKeptWhenTheWriterIsNotTheConsole()
    {
        var printed = new StringWriter();
        var step = new ShellStep("each", "echo \"line $ITEM\"") { Foreach = ForeachSource.List("a", "b"), MaxParallel = 1, Environment = v => [new("ITEM", v["item"])] };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = printed });
        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual("line a\nline b\n", printed.ToString().ReplaceLineEndings("\n"));
        Assert.AreEqual("[\"line a\",\"line b\"]", result.Workflows[0].Steps[0].Output);
    }

    [TestMethod]
    public async Task TheRunFileRecordsEachItem()
    {
        var client = new GaugeChatClient(TimeSpan.Zero);
        var step = new LlmStep("each", v => v["item"]) { Foreach = ForeachSource.List("a", "b"), Output = "out" };
        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], Quiet(new Backend(client)));
        var path = Path.Combine(Path.GetTempPath(), "llmc-foreach-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await RunFile.WriteAsync(path, result, "test");
            using var file = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            Assert.AreEqual(RunFile.SchemaVersion, file.RootElement.GetProperty("schema_version").GetInt32());
            var recorded = file.RootElement.GetProperty("workflows").GetProperty("w").GetProperty("steps")[0];
            Assert.AreEqual(4, recorded.GetProperty("input_tokens").GetInt64());
            var items = recorded.GetProperty("items");
            Assert.AreEqual(2, items.GetArrayLength());
            Assert.AreEqual(1, items[1].GetProperty("index").GetInt32());
            Assert.AreEqual("succeeded", items[1].GetProperty("status").GetString());
            Assert.IsTrue(items[1].TryGetProperty("started_at", out _));
            Assert.IsTrue(items[1].TryGetProperty("duration_ms", out _));
            Assert.AreEqual(JsonValueKind.Null, items[1].GetProperty("error").ValueKind);
            Assert.AreEqual(2, items[1].GetProperty("input_tokens").GetInt64());
            Assert.AreEqual(1, items[1].GetProperty("output_tokens").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Backend(IChatClient client) : IModelBackend
    {
        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) => ValueTask.FromResult(client);
    }

    /// <summary>Answers "echo {prompt}" after a delay, counting the most requests in flight at once and the prompts in arrival order.</summary>
    private sealed class GaugeChatClient(TimeSpan delay) : IChatClient
    {
        private int _running;
        private int _most;

        public int MostAtOnce => _most;

        public System.Collections.Concurrent.ConcurrentQueue<string> Prompts { get; } = new();

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _running);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }

            try
            {
                var prompt = messages.Last().Text;
                Prompts.Enqueue(prompt);
                await Task.Delay(delay, cancellationToken);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo " + prompt)) { Usage = new UsageDetails { InputTokenCount = 2, OutputTokenCount = 1 } };
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
