using LlmCompiler.Tests.Shared;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>The durable engine in this process against a real Azurite: the embedded runner's semantics, steps as activities.</summary>
[TestClass]
public sealed class DurableEngineTests
{
    private static EngineRequest Request(IReadOnlyList<Workflow> workflows) => DurableRequests.For(workflows);

    private static Task<RunResult> Run(params Workflow[] workflows) => new DurableTaskEngine().RunAsync(Request(workflows), CancellationToken.None);

    [TestMethod]
    public async Task StepsRunInOrderAndOutputsFlowToLaterStepsAndWaitingWorkflows()
    {
        var result = await Run(
            new Workflow("producer", [new ShellStep("make", "printf made") { Output = "made" }]) { DefinitionHash = "p" },
            new Workflow("consumer",
            [
                new ShellStep("take", "printf 'got %s' \"$V\"") { WaitFor = "producer.make", Output = "taken", Environment = v => [new("V", v["producer.make"])] },
                new ShellStep("skip", "exit 1") { Condition = v => v["taken"] == "nothing" },
                new ShellStep("each", "printf '%s!' \"$I\"") { Foreach = ForeachSource.List("a", "b", "c"), Output = "all", Environment = v => [new("I", v["item"])] },
            ]) { DefinitionHash = "c" });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, string.Join("; ", result.Workflows.SelectMany(w => w.Steps).Select(s => s.Error)));
        var consumer = result.Workflows[1];
        Assert.AreEqual("got made", consumer.Variables["taken"]);
        Assert.AreEqual(StepStatus.Skipped, consumer.Steps[1].Status);
        Assert.AreEqual("[\"a!\",\"b!\",\"c!\"]", consumer.Variables["all"]);
        Assert.IsTrue(consumer.Steps[2].Items!.All(i => i.Worker is not null), "each item records its worker");
    }

    [TestMethod]
    public async Task AFailedStepStopsItsWorkflowAndARetriedStepSucceedsThroughTheEnginesRetry()
    {
        // The retried step reads an earlier step's output: its second attempt is scheduled in a later episode, after a
        // replay, and must still carry the variables (replayed schedules of other steps carry none).
        var marker = Path.Combine(Path.GetTempPath(), "llmc-retry-" + Guid.NewGuid().ToString("N"));
        var result = await Run(new Workflow("w",
        [
            new ShellStep("first", "printf 'second'") { Output = "word" },
            new ShellStep("flaky", $"if [ -e '{marker}' ]; then printf '%s' \"$W\"; else touch '{marker}'; exit 3; fi") { Output = "o", MaxAttempts = 2, RetryBackoff = TimeSpan.FromSeconds(2), Environment = v => [new("W", v["word"])] },
            new ShellStep("bad", "echo oops >&2; exit 4"),
            new ShellStep("after", "true"),
            new ShellStep("report", "true") { Condition = v => v.HasFailed, ChecksStatus = true },
        ]));

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var steps = result.Workflows[0].Steps.Skip(1).ToList();
        Assert.AreEqual("second", steps[0].Output);
        Assert.AreEqual(StepStatus.Failed, steps[1].Status);
        Assert.AreEqual(4, steps[1].ExitCode);
        StringAssert.Contains(steps[1].Error, "oops");
        Assert.AreEqual(StepStatus.NotRun, steps[2].Status);
        Assert.AreEqual(StepStatus.Succeeded, steps[3].Status);
        File.Delete(marker);
    }

    [TestMethod]
    public async Task AWrongConnectionStringIsAClearErrorNamingTheSettingWithoutTheSecret()
    {
        var port = AzuriteServer.FreePort();
        var secret = AzuriteServer.ConnectionStringFor(port, port, port);
        var request = Request([new Workflow("w", [new ShellStep("s", "true")])]) with { Connection = secret };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsExactlyAsync<EngineUnavailableException>(() => new DurableTaskEngine().RunAsync(request, CancellationToken.None));

        StringAssert.Contains(error.Message, "LLMC_DURABLETASK_CONNECTION");
        Assert.IsFalse(error.Message.Contains("AccountKey", StringComparison.Ordinal) || error.Message.Contains("Eby8", StringComparison.Ordinal), error.Message);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [TestMethod]
    public async Task ANonsenseConnectionStringIsRefusedWithoutQuotingIt()
    {
        var request = Request([new Workflow("w", [new ShellStep("s", "true")])]) with { Connection = "not-a-connection-string-s3cret" };

        var error = await Assert.ThrowsExactlyAsync<EngineUnavailableException>(() => new DurableTaskEngine().RunAsync(request, CancellationToken.None));

        StringAssert.Contains(error.Message, "--connection");
        Assert.IsFalse(error.Message.Contains("s3cret", StringComparison.Ordinal), error.Message);
    }
}
