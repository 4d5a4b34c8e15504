using System.Text.Json;

namespace LlmCompiler.Runtime.Mcp.Tests;

/// <summary>type: mcp against the real server-everything: arguments, outputs, errors, one server per run, no process left.</summary>
[TestClass]
public sealed class McpStepTests
{
    private static string Marker() => "mcp-test-" + Guid.NewGuid().ToString("N");

    [TestMethod]
    public async Task ArgumentsBecomeNumbersWhereTheToolSchemaSaysSo()
    {
        var server = Everything.Server(Marker());
        var (result, _, _) = await Everything.RunAsync(new Workflow("w",
        [
            new ShellStep("n", "printf 3") { Output = "n" },
            new McpStep("sum", server, "get-sum") { Output = "sum", Arguments = v => [new("a", "2"), new("b", v["n"])] },
        ]));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[^1].Error);
        Assert.AreEqual("The sum of 2 and 3 is 5.", result.Workflows[0].Variables["sum"]);
    }

    [TestMethod]
    public async Task StructuredContentIsTheOutputAsCompactJson()
    {
        var (result, _, _) = await Everything.RunAsync(new Workflow("w",
            [Everything.Call("weather", Everything.Server(Marker()), "get-structured-content", ("location", "Chicago"))]));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        var output = result.Workflows[0].Variables["weather"];
        Assert.DoesNotContain("\n", output);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual(JsonValueKind.Number, json.RootElement.GetProperty("temperature").ValueKind);
    }

    [TestMethod]
    public async Task TheServerSeesItsDeclaredEnvironmentAndPathAndHomeOnly()
    {
        const string Secret = "LLMC_MCP_TEST_SECRET";
        Environment.SetEnvironmentVariable(Secret, "do-not-leak");
        Environment.SetEnvironmentVariable("MCP_TEST_REFERENCED", "expanded-value");
        var server = Everything.Server(Marker()) with
        {
            Environment = [new("GREETING", "hello ${MCP_TEST_REFERENCED}")],
        };
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("env", server, "get-env")]));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        var text = result.Workflows[0].Variables["env"];
        using var json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.IsSubsetOf(names, new[] { "GREETING", "HOME", "PATH" }, string.Join(", ", names));
        Assert.AreEqual("hello expanded-value", json.RootElement.GetProperty("GREETING").GetString());
        Assert.DoesNotContain("do-not-leak", text);
    }

    [TestMethod]
    public async Task OneServerServesEveryStepAndItemOfARunAndStopsWithIt()
    {
        var marker = Marker();
        var server = Everything.Server(marker);
        var echo = new McpStep("echo", server, "echo")
        {
            Output = "echo",
            Foreach = ForeachSource.List(["a", "b", "c", "d"]),
            Arguments = v => [new("message", v["item"])],
        };
        var (result, started, _) = await Everything.RunAsync(
            new Workflow("one", [echo, Everything.Call("sum", server, "get-sum", ("a", "1"), ("b", "2"))]),
            new Workflow("two", [Everything.Call("sum", Everything.Server(marker), "get-sum", ("a", "3"), ("b", "4"))]));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, string.Join("; ", result.Workflows.SelectMany(w => w.Steps).Select(s => s.Error)));
        Assert.AreEqual(1, started, "the same name and definition in two workflows is one server per run");
        StringAssert.Contains(result.Workflows[0].Variables["echo"], "Echo: d");
        Assert.AreEqual(0, Everything.ProcessesMarked(marker).Count, "the server stopped with the run");
    }

    [TestMethod]
    public async Task AToolErrorFailsTheStepWithTheToolsMessage()
    {
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("sum", Everything.Server(Marker()), "get-sum", ("a", "1"))]));

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "tool 'everything.get-sum' failed");
        StringAssert.Contains(step.Error, "b");
    }

    [TestMethod]
    public async Task AValueThatIsNoNumberFailsTheStepNamingTheArgument()
    {
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("sum", Everything.Server(Marker()), "get-sum", ("a", "two"), ("b", "1"))]));

        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "argument 'a' of tool 'everything.get-sum' must be a number, not 'two'");
    }

    [TestMethod]
    public async Task AnUnknownToolFailsTheStepWithDidYouMean()
    {
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("sum", Everything.Server(Marker()), "get-summ")]));

        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "MCP server 'everything' has no tool 'get-summ'. Did you mean 'get-sum'?");
    }

    [TestMethod]
    public async Task ACommandThatIsNotFoundFailsTheStepNamingTheServer()
    {
        var server = new McpServer("ghost") { Command = "llmc-no-such-mcp-server" };
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("call", server, "echo")]));

        Assert.AreEqual(RunStatus.Failed, result.Status);
        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "MCP server 'ghost' did not start");
        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "llmc-no-such-mcp-server");
    }

    [TestMethod]
    public async Task AServerThatFailsToStartQuotesTheEndOfItsStderr()
    {
        var server = new McpServer("broken") { Command = "sh", Arguments = ["-c", "echo 'cannot open the database' >&2; exit 3"] };
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("call", server, "echo")]));

        var error = result.Workflows[0].Steps[0].Error;
        StringAssert.Contains(error, "MCP server 'broken' did not start (exit code 3)");
        StringAssert.Contains(error, "cannot open the database");
    }

    [TestMethod]
    public async Task AToolThatTimesOutFailsTheStepAndLeavesNoProcess()
    {
        var marker = Marker();
        var slow = new McpStep("slow", Everything.Server(marker), "trigger-long-running-operation")
        {
            Arguments = _ => [new("duration", "30"), new("steps", "30")],
            Timeout = TimeSpan.FromSeconds(1),
        };
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [slow]));

        var step = result.Workflows[0].Steps[0];
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "timed out");
        Assert.AreEqual(0, Everything.ProcessesMarked(marker).Count);
    }

    [TestMethod]
    public async Task AServerThatCrashesMidRunFailsTheStepsThatUseItAfterwardsClearly()
    {
        var marker = Marker();
        var server = Everything.Server(marker);

        // Kills exactly the processes carrying this test's marker: the server and nothing else.
        var crash = new ShellStep("crash", $"for p in /proc/[0-9]*; do if grep -qs {marker} $p/environ; then kill -9 ${{p#/proc/}}; fi; done; sleep 0.5");
        var (result, _, _) = await Everything.RunAsync(new Workflow("w",
        [
            Everything.Call("before", server, "echo", ("message", "hi")),
            crash,
            Everything.Call("after", server, "echo", ("message", "again")),
            new ShellStep("cleanup", "true") { Condition = _ => true, ChecksStatus = true },
        ]));

        var steps = result.Workflows[0].Steps;
        Assert.AreEqual(StepStatus.Succeeded, steps[0].Status, steps[0].Error);
        Assert.AreEqual(StepStatus.Failed, steps[2].Status);
        StringAssert.Contains(steps[2].Error, "MCP server 'everything' has exited");
        Assert.AreEqual(StepStatus.Succeeded, steps[3].Status, "other steps follow the normal rules");
    }
}
