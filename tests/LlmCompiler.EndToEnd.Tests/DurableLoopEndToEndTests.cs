using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// A looping step (<c>until</c>) under the durable engine on a real Azurite, with two worker processes: one is killed
/// with SIGKILL mid-loop, and no iteration that had finished runs again; the loop goes on from where it was.
/// </summary>
[TestClass]
public sealed class DurableLoopEndToEndTests
{
    private const string DurableProject = """
        <PropertyGroup><LlmCompilerDurableTask>true</LlmCompilerDurableTask></PropertyGroup>
        <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
        """;

    private const int Iterations = 8;

    private static readonly ClassAzurite Emulator = new();

    [ClassInitialize]
    public static Task StartAzuriteAsync(TestContext context) => Emulator.StartAsync(context);

    [ClassCleanup]
    public static Task StopAzuriteAsync() => Emulator.StopAsync();

    private static string[] Durable(string hub) => ["--engine", "durabletask", "--connection", Emulator.Server.ConnectionString, "--task-hub", hub];

    [TestMethod]
    public async Task AWorkerKilledMidLoopLosesNoFinishedIterationAndTheLoopGoesOn()
    {
        var project = await TestProject.CreateAsync("durable_loop_crash", new Dictionary<string, string>
        {
            ["flow.yaml"] = $$$"""
                name: crash_loop
                steps:
                  - name: loop
                    type: shell
                    command: echo "start {{loop.iteration}} $LLMC_ATTEMPT_ID" >> side-effects.log; sleep 2; echo "done {{loop.iteration}}" >> side-effects.log; printf '%s' "{{loop.iteration}}"
                    until: "{{n}} == {{{Iterations}}}"
                    max_iterations: {{{Iterations}}}
                    output: n
                """,
        }, DurableProject);
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var hub = "e2e" + Guid.NewGuid().ToString("N")[..16];
        var log = project.PathOf("side-effects.log");
        await using var victim = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await using var survivor = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["worker", .. Durable(hub)]);
        await victim.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await survivor.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
        await using var run = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", .. Durable(hub)]);

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (Lines(log).Count(l => l.StartsWith("done ", StringComparison.Ordinal)) < 2)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline && !run.HasExited, run.Output);
            await Task.Delay(50);
        }

        // An iteration is finished once the engine has its result, a moment after its command ends; those done a
        // second before the kill are reported for sure.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var doneBeforeKill = Lines(log).Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => l[5..]).ToList();
        victim.Kill();

        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, exitCode, run.Output + "\n--- survivor ---\n" + survivor.Output);
        var lines = Lines(log);
        foreach (var iteration in doneBeforeKill)
        {
            Assert.AreEqual(1, lines.Count(l => l.StartsWith($"start {iteration} ", StringComparison.Ordinal)), $"iteration {iteration} finished before the kill and must not run again:\n{string.Join("\n", lines)}");
        }

        // Iterations ran in order, each finished before the next started (a re-run one starts again before it is done).
        var finished = lines.Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => int.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        CollectionAssert.AreEqual(Enumerable.Range(1, Iterations).ToList(), finished);

        using var runFile = project.ReadRunFile();
        var step = runFile.RootElement.GetProperty("workflows").GetProperty("crash_loop").GetProperty("steps")[0];
        Assert.AreEqual("succeeded", step.GetProperty("status").GetString());
        CollectionAssert.AreEqual(
            Enumerable.Range(1, Iterations).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            step.GetProperty("iterations").EnumerateArray().Select(i => i.GetProperty("output").GetString()).ToList());
    }

    private static List<string> Lines(string path)
    {
        try
        {
            return File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
