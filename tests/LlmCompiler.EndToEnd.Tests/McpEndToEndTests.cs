using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A built program with mcp_servers and mcp steps against the real server-everything: the SDK adds the MCP package by
/// itself, the tools are called, and no server outlives the program, after a normal end, Ctrl+C or kill -9 while the
/// server is busy with a long call (which closing its stdin would not stop).
/// </summary>
[TestClass]
public sealed class McpEndToEndTests
{
    /// <summary>Carried to the server only through its declared env, so the tests can find its processes.</summary>
    private const string ServerMark = "MCP_SERVER_MARK";

    private static TestProject? _project;

    private static string Flow() => $$$"""
        name: tools
        inputs:
          mode: { default: quick }
        mcp_servers:
          everything:
            command: {{{TestTools.ServerEverything()}}}
            args: [stdio]
            env: { MCP_SERVER_MARK: "${MCP_SERVER_MARK}" }
        steps:
          - name: count
            type: shell
            command: echo 3
            output: n
          - name: sum
            type: mcp
            server: everything
            tool: get-sum
            arguments: { a: 2, b: "{{n}}" }
            output: total
          - name: weather
            type: mcp
            server: everything
            tool: get-structured-content
            arguments: { location: Chicago }
            schema:
              type: object
              properties:
                temperature: { type: number }
              required: [temperature]
            output: w
          - name: slow
            type: mcp
            if: "{{mode}} == 'slow'"
            server: everything
            tool: trigger-long-running-operation
            arguments: { duration: 300, steps: 300 }
          - name: show
            type: shell
            command: echo "{{total}} / {{w.temperature}}"
        """;

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _project = await TestProject.CreateAsync("mcptools", new Dictionary<string, string> { ["flow.yaml"] = Flow() });
        var build = await _project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
    }

    private static TestProject Project => _project ?? throw new InvalidOperationException("not built");

    [TestMethod]
    public async Task AProgramWithMcpServersCallsTheirToolsAndStopsTheServerAtTheEnd()
    {
        var mark = MarkedProcesses.NewMark();
        try
        {
            var run = await Project.RunBuiltAsync(new Dictionary<string, string?> { [ServerMark] = mark, [MarkedProcesses.Variable] = mark }, "--run-file", "quick.json");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.StandardOutput, "The sum of 2 and 3 is 5. / ");
            using var runFile = Project.ReadRunFile(Project.PathOf("quick.json"));
            Assert.AreEqual("succeeded", runFile.RootElement.GetProperty("status").GetString());
            Assert.AreEqual(0, MarkedProcesses.Find(mark, ServerMark).Count, "the server stopped with the run");
        }
        finally
        {
            MarkedProcesses.KillAll(mark, ServerMark);
        }
    }

    [TestMethod]
    public async Task KillingTheProgramWithSigkillDuringALongToolCallLeavesNoServerBehind()
    {
        var mark = MarkedProcesses.NewMark();
        try
        {
            await using var run = BackgroundProgram.Start(Project, new Dictionary<string, string?> { [ServerMark] = mark }, "--input", "mode=slow", "--run-file", "killed.json");
            await WaitForSlowCallAsync(run, mark);

            Assert.AreEqual(0, MarkedProcesses.Find(mark).Count, "the program's LLMC_ variables never reach the server");
            run.Kill();

            var left = await MarkedProcesses.WaitUntilGoneAsync(mark, TimeSpan.FromSeconds(30), ServerMark);
            Assert.AreEqual(0, left.Count, "left behind: " + string.Join(", ", left));
        }
        finally
        {
            MarkedProcesses.KillAll(mark, ServerMark);
        }
    }

    [TestMethod]
    public async Task CtrlCDuringALongToolCallCancelsTheRunWritesTheRunFileAndLeavesNoServer()
    {
        var mark = MarkedProcesses.NewMark();
        try
        {
            await using var run = BackgroundProgram.Start(Project, new Dictionary<string, string?> { [ServerMark] = mark }, "--input", "mode=slow", "--run-file", "interrupted.json");
            await WaitForSlowCallAsync(run, mark);
            run.Interrupt();

            await run.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.AreNotEqual(0, run.ExitCode, run.Output);
            using var runFile = Project.ReadRunFile(Project.PathOf("interrupted.json"));
            Assert.AreEqual("cancelled", runFile.RootElement.GetProperty("status").GetString(), run.Output);
            var left = await MarkedProcesses.WaitUntilGoneAsync(mark, TimeSpan.FromSeconds(30), ServerMark);
            Assert.AreEqual(0, left.Count, "left behind: " + string.Join(", ", left));
        }
        finally
        {
            MarkedProcesses.KillAll(mark, ServerMark);
        }
    }

    /// <summary>Waits until the slow step is under way: its start line, and the server still there.</summary>
    private static async Task WaitForSlowCallAsync(BackgroundProgram run, string mark)
    {
        await run.WaitForOutputAsync("weather: ok", TimeSpan.FromMinutes(2));

        // The slow call is sent right after; give the server a moment to receive it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.IsTrue(MarkedProcesses.Find(mark, ServerMark).Count > 0, "the server runs: " + run.Output);
    }
}
