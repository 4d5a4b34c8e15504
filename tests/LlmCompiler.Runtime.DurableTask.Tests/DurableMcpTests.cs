using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>mcp steps on the durable engine: each attempt and item an activity on a worker, the worker's one server shared.</summary>
[TestClass]
public sealed class DurableMcpTests
{
    [ClassInitialize]
    public static void RegisterMcp(TestContext context) =>
        // As a generated program's module initializer does for a project that declares mcp_servers.
        PluginStartup.Initialize(new McpPlugin());

    [TestMethod]
    public async Task McpStepsRunAsActivitiesAndTheirOutputsFlowToLaterSteps()
    {
        var server = new McpServer("everything") { Command = TestTools.ServerEverything(), Arguments = ["stdio"] };
        var result = await new DurableTaskEngine().RunAsync(DurableRequests.For(
        [
            new Workflow("w",
            [
                new McpStep("sum", server, "get-sum") { Output = "sum", Arguments = _ => [new("a", "2"), new("b", "3")] },
                new McpStep("echo", server, "echo") { Output = "echoes", Foreach = ForeachSource.List("x", "y"), Arguments = v => [new("message", v["item"] + " after " + v["sum"])] },
                new McpStep("bad", server, "get-sum") { ContinueOnError = true, Arguments = _ => [new("a", "1")] },
            ]) { DefinitionHash = "m" },
        ]), CancellationToken.None);

        var steps = result.Workflows[0].Steps;
        Assert.AreEqual(RunStatus.Succeeded, result.Status, string.Join("; ", steps.Select(s => s.Error)));
        Assert.AreEqual("The sum of 2 and 3 is 5.", result.Workflows[0].Variables["sum"]);
        StringAssert.Contains(result.Workflows[0].Variables["echoes"], "Echo: y after The sum of 2 and 3 is 5.");
        Assert.IsTrue(steps[0].Worker is not null, "an activity on a worker");
        Assert.AreEqual(StepStatus.Failed, steps[2].Status);
        StringAssert.Contains(steps[2].Error, "tool 'everything.get-sum' failed");
    }
}
