using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary><c>--resume</c> in a built program: a failed run resumed runs only what had not succeeded; a changed workflow is refused.</summary>
[TestClass]
public sealed class ResumeEndToEndTests
{
    // Every step and item appends its name to runs.log, so the test counts side effects; 'gate' and item 'b' fail until 'ready' exists.
    private const string Flow = """
        name: job
        inputs:
          label:
            required: true
        steps:
          - name: prepare
            type: shell
            command: echo prepare >> runs.log; printf '%s' "{{label}}"
            output: prepared
          - name: each
            type: shell
            foreach: [a, b, c]
            max_parallel: 1
            fail_fast: false
            command: echo "item {{item}}" >> runs.log; { [ "{{item}}" != b ] || [ -e ready ]; } && printf 'x-%s' "{{item}}"
            output: items
          - name: gate
            type: shell
            command: echo gate >> runs.log; [ -e ready ]
          - name: finish
            type: shell
            command: echo finish >> runs.log; printf '%s %s' "{{prepared}}" "{{items}}"
            output: finished
        """;

    [TestMethod]
    public async Task AFailedRunResumedRunsOnlyWhatHadNotSucceededAndAChangedWorkflowIsRefused()
    {
        var project = await TestProject.CreateAsync("resume", new Dictionary<string, string> { ["flow.yaml"] = Flow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var failed = await project.RunBuiltAsync("--input", "label=L1", "--run-file", "first.json");
        Assert.AreEqual(1, failed.ExitCode, failed.ToString());
        CollectionAssert.AreEqual(new[] { "prepare", "item a", "item b", "item c" }, File.ReadAllLines(project.PathOf("runs.log")));

        File.WriteAllText(project.PathOf("ready"), string.Empty);
        File.Delete(project.PathOf("runs.log"));
        var resumed = await project.RunBuiltAsync("--resume", "first.json", "--run-file", "second.json");
        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        CollectionAssert.AreEqual(new[] { "item b", "gate", "finish" }, File.ReadAllLines(project.PathOf("runs.log")), "only what had not succeeded runs again");

        using var runFile = project.ReadRunFile(project.PathOf("second.json"));
        var job = runFile.RootElement.GetProperty("contexts").GetProperty("job");
        Assert.AreEqual("L1 [\"x-a\",\"x-b\",\"x-c\"]", job.GetProperty("finished").GetString(), "the input and outputs come from the first run");
        var steps = runFile.RootElement.GetProperty("workflows").GetProperty("job").GetProperty("steps");
        Assert.IsTrue(steps[0].GetProperty("resumed").GetBoolean());
        Assert.IsFalse(steps[2].TryGetProperty("resumed", out _));

        project.WriteFile("flow.yaml", Flow.Replace("echo gate", "echo gate2", StringComparison.Ordinal));
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var refused = await project.RunBuiltAsync("--resume", "first.json", "--run-file", "third.json");
        Assert.AreEqual(2, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.StandardError, "workflow 'job' changed");
        Assert.IsFalse(File.Exists(project.PathOf("third.json")), "nothing ran, so no run file");
    }
}
