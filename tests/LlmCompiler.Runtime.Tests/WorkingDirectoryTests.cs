namespace LlmCompiler.Runtime.Tests;

/// <summary>WorkflowRunOptions.WorkingDirectory is where shell steps run, and what a relative working_directory is relative to.</summary>
[TestClass]
public sealed class WorkingDirectoryTests
{
    [TestMethod]
    public async Task ShellStepsRunInTheRunsDirectoryAndRelativeWorkingDirectoriesStartThere()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-workdir-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "sub"));
        var workflow = new Workflow("w",
        [
            new ShellStep("here", "pwd") { Output = "here" },
            new ShellStep("below", "pwd") { Output = "below", WorkingDirectory = _ => "sub" },
            new ShellStep("absolute", "pwd") { Output = "absolute", WorkingDirectory = _ => "/" },
        ]);

        var result = await WorkflowRunner.RunAsync([workflow], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null, WorkingDirectory = directory });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps.FirstOrDefault(s => s.Error is not null)?.Error);
        Assert.AreEqual(directory, result.Workflows[0].Variables["here"]);
        Assert.AreEqual(Path.Combine(directory, "sub"), result.Workflows[0].Variables["below"]);
        Assert.AreEqual("/", result.Workflows[0].Variables["absolute"]);
    }
}
