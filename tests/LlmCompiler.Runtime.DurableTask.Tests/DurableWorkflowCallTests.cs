namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>Workflow calls under the durable engine: each call (and each item of a foreach call) a sub-orchestration, recorded as the embedded runner records it.</summary>
[TestClass]
public sealed class DurableWorkflowCallTests
{
    /// <summary>A workflow that tags a word, calling another workflow to count it (a call inside a call).</summary>
    private static (Workflow Tag, Workflow Count) Callees()
    {
        var count = new Workflow("count", [new ShellStep("wc", "printf '%s' \"$W\" | wc -c | tr -d ' '") { Output = "n", Environment = v => [new("W", v["word"])] }])
        {
            IsCalled = true,
            DefinitionHash = "count1",
            Inputs = [new WorkflowInput("word", WorkflowInputType.String) { Required = true }],
            Outputs = [new WorkflowOutput("length", v => v["n"])],
        };
        var tag = new Workflow("tag",
        [
            new ShellStep("mark", "[ \"$W\" != bad ] || { echo 'no bad words' >&2; exit 5; }; printf '%s%s%s' \"$M\" \"$W\" \"$M\"")
            {
                Output = "tagged",
                Environment = v => [new("W", v["word"]), new("M", v["mark"])],
            },
            new WorkflowCallStep("measure", count) { With = v => [new("word", v["word"])], Output = "measured" },
        ])
        {
            IsCalled = true,
            DefinitionHash = "tag1",
            Inputs = [new WorkflowInput("word", WorkflowInputType.String) { Required = true }, new WorkflowInput("mark", WorkflowInputType.String) { Default = "*" }],
            Outputs = [new WorkflowOutput("tagged", v => v["tagged"]), new WorkflowOutput("measured", v => v["measured"])],
        };
        return (tag, count);
    }

    [TestMethod]
    public async Task CallsPerItemOnceNestedAndFailingGiveTheEmbeddedRunnersRunFile()
    {
        var (tag, count) = Callees();
        var main = new Workflow("main",
        [
            new ShellStep("list", "printf 'red\\ngreen\\nblue\\n'") { Output = "words" },
            new WorkflowCallStep("tag_all", tag) { Foreach = ForeachSource.Lines("words"), MaxParallel = 2, With = v => [new("word", v["item"]), new("mark", "#")], Output = "tags" },
            new WorkflowCallStep("one", tag) { With = _ => [new("word", "solo")], Output = "single" },
            new WorkflowCallStep("broken", tag) { With = _ => [new("word", "bad")], ContinueOnError = true },
            new WorkflowCallStep("unbound", tag) { With = _ => [], ContinueOnError = true },
            new ShellStep("last", "printf '%s' \"$S\"") { Output = "last", Environment = v => [new("S", v["single"])] },
        ]) { DefinitionHash = "main1" };
        Workflow[] workflows = [tag, count, main];

        var embedded = await WorkflowRunner.RunAsync(workflows, DurableRequests.Quiet());
        var durable = await new DurableTaskEngine().RunAsync(DurableRequests.For(workflows), CancellationToken.None);

        Assert.AreEqual(RunStatus.Succeeded, durable.Status, string.Join("; ", durable.Workflows.SelectMany(w => w.Steps).Select(s => s.Error)));
        Assert.AreEqual(DurableRequests.Comparable(embedded), DurableRequests.Comparable(durable));
        var steps = durable.Workflows.Single().Steps;
        Assert.AreEqual("[{\"tagged\":\"#red#\",\"measured\":\"{\\\"length\\\":\\\"3\\\"}\"},{\"tagged\":\"#green#\",\"measured\":\"{\\\"length\\\":\\\"5\\\"}\"},{\"tagged\":\"#blue#\",\"measured\":\"{\\\"length\\\":\\\"4\\\"}\"}]", durable.Workflows[0].Variables["tags"]);
        Assert.AreEqual("count", steps[2].Call!.Steps[1].Call!.Name, "a call inside a call is recorded under it");
        StringAssert.Contains(steps[3].Error, "workflow 'tag' failed at step 'mark'");
        Assert.AreEqual(StepStatus.Failed, steps[3].Call!.Steps[0].Status);
        StringAssert.Contains(steps[4].Error, "was called with bad inputs");
        Assert.IsTrue(steps[1].Items!.All(i => i.Call is { Status: RunStatus.Succeeded }), "each item records its call");
    }

    [TestMethod]
    public async Task ACallThatOutrunsItsTimeoutFailsAndIsStoppedWithoutWaitingForIt()
    {
        var slow = new Workflow("slow", [new ShellStep("nap", "sleep 120")]) { IsCalled = true, DefinitionHash = "s" };
        var main = new Workflow("main",
        [
            new WorkflowCallStep("call", slow) { Timeout = TimeSpan.FromSeconds(2) },
            new ShellStep("after", "true") { Condition = v => v.HasFailed, ChecksStatus = true },
        ]) { DefinitionHash = "m" };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new DurableTaskEngine().RunAsync(DurableRequests.For([slow, main]), CancellationToken.None);

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var steps = result.Workflows.Single().Steps;
        Assert.AreEqual("timed out after 2 s (timeout)", steps[0].Error);
        Assert.AreEqual(StepStatus.Succeeded, steps[1].Status);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(90), $"the run waited for the called workflow: {clock.Elapsed}");
    }

    [TestMethod]
    public async Task ACalledWorkflowWaitingForAStepGetsItsOutputWhetherItSubscribesBeforeOrAfterTheStepEnds()
    {
        var source = new Workflow("source", [new ShellStep("make", "sleep 2; printf hello") { Output = "made" }]) { DefinitionHash = "src" };
        var echo = new Workflow("echo",
        [
            new ShellStep("take", "printf '%s %s' \"$W\" \"$V\"") { WaitFor = "source.make", Output = "got", Environment = v => [new("W", v["who"]), new("V", v["source.make"])] },
        ])
        {
            IsCalled = true,
            DefinitionHash = "echo1",
            Inputs = [new WorkflowInput("who", WorkflowInputType.String) { Required = true }],
            Outputs = [new WorkflowOutput("got", v => v["got"])],
        };
        var main = new Workflow("main",
        [
            new WorkflowCallStep("early", echo) { Foreach = ForeachSource.List("a", "b"), With = v => [new("who", v["item"])], Output = "early" },
            new ShellStep("pause", "sleep 3"),
            new WorkflowCallStep("late", echo) { With = _ => [new("who", "c")], Output = "late" },
        ]) { DefinitionHash = "main2" };
        Workflow[] workflows = [source, echo, main];

        var embedded = await WorkflowRunner.RunAsync(workflows, DurableRequests.Quiet());
        var durable = await new DurableTaskEngine().RunAsync(DurableRequests.For(workflows), CancellationToken.None);

        Assert.AreEqual(RunStatus.Succeeded, durable.Status, string.Join("; ", durable.Workflows.SelectMany(w => w.Steps).Select(s => s.Error)));
        Assert.AreEqual("[{\"got\":\"a hello\"},{\"got\":\"b hello\"}]", durable.Workflows[1].Variables["early"]);
        Assert.AreEqual("{\"got\":\"c hello\"}", durable.Workflows[1].Variables["late"]);
        Assert.AreEqual(DurableRequests.Comparable(embedded), DurableRequests.Comparable(durable));
    }
}
