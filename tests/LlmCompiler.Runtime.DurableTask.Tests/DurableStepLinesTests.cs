namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>
/// The durable engine's console lines of a step are the step core's, as the embedded engine's are: a command's stderr
/// (echoed by the worker that runs it, here in this process) and a step's failure carry the step's prefix once.
/// </summary>
[TestClass]
public sealed class DurableStepLinesTests
{
    [TestMethod]
    public async Task AnItemsStderrLinesAndABadSourcesFailureCarryTheStepsPrefixOnceAsUnderTheEmbeddedEngine()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("each", "echo \"warn $ITEM\" >&2")
            {
                Foreach = ForeachSource.List("a", "b"),
                Environment = v => [new("ITEM", v["item"])],
            },
            new ShellStep("make", "echo '{\"a\": 1}'") { Output = "list" },
            new ShellStep("bad", "true") { Foreach = ForeachSource.FromJson("list") },
        ]) { DefinitionHash = "w" };
        var log = new StringWriter();
        var options = new WorkflowRunOptions { Log = log, Output = TextWriter.Null };

        var result = await new DurableTaskEngine().RunAsync(DurableRequests.For([workflow], options), CancellationToken.None);

        Assert.AreEqual(RunStatus.Failed, result.Status, log.ToString());
        var lines = log.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.Contains(lines, "[w] each[0]: warn a", log.ToString());
        CollectionAssert.Contains(lines, "[w] each[1]: warn b", log.ToString());
        CollectionAssert.Contains(lines, "[w] bad: FAILED: foreach: fromJSON(list) is not a JSON array: '{\"a\": 1}'", log.ToString());
    }
}
