using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The durable engine's worker as an operator meets it: kill -9 of a worker leaves none of its step processes running.</summary>
[TestClass]
public sealed class DurableStepLifetimeEndToEndTests
{
    private static readonly ClassAzurite Emulator = new();

    private static AzuriteServer Azurite => Emulator.Server;

    [ClassInitialize]
    public static Task StartAzuriteAsync(TestContext context) => Emulator.StartAsync(context);

    [ClassCleanup]
    public static Task StopAzuriteAsync() => Emulator.StopAsync();

    [TestMethod]
    public async Task KillingAWorkerWithSigkillLeavesNoneOfItsStepProcessesRunning()
    {
        var project = await TestProject.CreateAsync("durable_lifetime", new Dictionary<string, string> { ["flow.yaml"] = StepLifetimeEndToEndTests.Flow }, """
            <PropertyGroup><LlmCompilerDurableTask>true</LlmCompilerDurableTask></PropertyGroup>
            <ItemGroup><Workflow Include="**/*.yaml" /></ItemGroup>
            """);
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        File.Delete(project.PathOf("started"));
        string[] durable = ["--engine", "durabletask", "--connection", Azurite.ConnectionString, "--task-hub", "e2e" + Guid.NewGuid().ToString("N")[..16]];
        var mark = MarkedProcesses.NewMark();
        try
        {
            await using var worker = BackgroundProgram.Start(project, new Dictionary<string, string?> { [MarkedProcesses.Variable] = mark }, ["worker", .. durable]);
            await worker.WaitForOutputAsync("durabletask: worker", TimeSpan.FromSeconds(60));
            await using var client = BackgroundProgram.Start(project, new Dictionary<string, string?>(), ["--no-worker", .. durable]);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(project.PathOf("started")))
            {
                Assert.IsTrue(DateTime.UtcNow < deadline && !client.HasExited && !worker.HasExited, client.Output + "\n--- worker ---\n" + worker.Output);
                await Task.Delay(100);
            }

            Assert.IsTrue(MarkedProcesses.Find(mark).Count >= 4, "the worker, the step's shell, its child shell and the sleeps run");

            worker.Kill();

            var left = await MarkedProcesses.WaitUntilGoneAsync(mark, TimeSpan.FromSeconds(30));
            Assert.AreEqual(0, left.Count, "left behind: " + string.Join(", ", left));
        }
        finally
        {
            MarkedProcesses.KillAll(mark);
        }
    }
}
