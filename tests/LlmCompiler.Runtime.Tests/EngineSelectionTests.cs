namespace LlmCompiler.Runtime.Tests;

/// <summary>The program's engine and resume options refuse what cannot run with exit code 2, before anything runs.</summary>
[TestClass]
public sealed class EngineSelectionTests
{
    private static readonly Workflow[] Workflows = [new Workflow("w", [new ShellStep("s", "true")])];

    private static string RunFile() => Path.Combine(Path.GetTempPath(), "llmc-engine-" + Guid.NewGuid().ToString("N") + ".json");

    [TestMethod]
    public async Task AnEngineTheProgramWasNotBuiltWithIsABadCommandLine()
    {
        var runFile = RunFile();

        var exitCode = await WorkflowProgram.RunAsync(["--engine", "durabletask", "--connection", "UseDevelopmentStorage=true", "--run-file", runFile, "-q"], Workflows, "prog");

        Assert.AreEqual(2, exitCode);
        Assert.IsFalse(File.Exists(runFile), "nothing ran, so no run file");
    }

    [TestMethod]
    public async Task TheWorkerCommandNeedsADurableEngine() =>
        Assert.AreEqual(2, await WorkflowProgram.RunAsync(["worker", "-q"], Workflows, "prog"));

    [TestMethod]
    public async Task AResumeFileThatCannotBeReadIsABadCommandLine()
    {
        var runFile = RunFile();

        var exitCode = await WorkflowProgram.RunAsync(["--resume", runFile + ".missing", "--run-file", runFile, "-q"], Workflows, "prog");

        Assert.AreEqual(2, exitCode);
        Assert.IsFalse(File.Exists(runFile));
    }

    [TestMethod]
    public async Task TheEmbeddedEngineIsTheDefaultAndCanBeNamed()
    {
        var runFile = RunFile();

        var exitCode = await WorkflowProgram.RunAsync(["--engine", "embedded", "--run-file", runFile, "-q"], Workflows, "prog");

        Assert.AreEqual(0, exitCode);
        Assert.IsTrue(File.Exists(runFile));
        File.Delete(runFile);
    }

    [TestMethod]
    public async Task ARunIdWithTheEmbeddedEngineIsABadCommandLineThatNamesTheDurableEngine()
    {
        var runFile = RunFile();
        var log = new StringWriter();

        var exitCode = await WorkflowProgram.RunAsync(["--run-id", "nightly-1", "--run-file", runFile], Workflows, "prog", options => options.Log = log);

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(log.ToString(), "--run-id 'nightly-1' needs the durable engine");
        Assert.IsFalse(File.Exists(runFile), "nothing ran, so no run file");
    }
}
