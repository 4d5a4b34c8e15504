namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>The durable engine's console for a run that went on through failures: its own step lines, the shared summary.</summary>
[TestClass]
public sealed class DurableContinueOnErrorReportTests
{
    [TestMethod]
    public async Task AForeachStepWhoseItemsFailedSaysHowManyAndTheSummaryNamesItAsTheEmbeddedEngineDoes()
    {
        var workflow = new Workflow("w",
        [
            new ShellStep("each", "[ \"$INDEX\" != 1 ]")
            {
                Foreach = ForeachSource.List("a", "b", "c"),
                ContinueOnError = true,
                Environment = v => [new("INDEX", v["index"])],
            },
        ]) { DefinitionHash = "w" };
        var log = new StringWriter();
        var options = new WorkflowRunOptions { Log = log, Output = TextWriter.Null };

        var result = await new DurableTaskEngine().RunAsync(DurableRequests.For([workflow], options), CancellationToken.None);

        Assert.AreEqual(RunStatus.Succeeded, result.Status, log.ToString());
        var lines = log.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines.Single(l => l.StartsWith("[w] each: ok", StringComparison.Ordinal)), "[w] each: ok, 1 of 3 items failed (");
        StringAssert.EndsWith(lines[^1], ", with failures allowed by continue_on_error in: each (1 of 3 items)");
    }
}
