using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary><c>--resume</c> after a called workflow was edited and the program rebuilt: refused, naming the workflow that changed.</summary>
[TestClass]
public sealed class ResumeEditedCalleeEndToEndTests
{
    private const string Leaf = """
        name: leaf
        outputs:
          value: "{{value}}"
        steps:
          - name: give
            type: shell
            command: printf 42
            output: value
        """;

    private const string Mid = """
        name: mid
        outputs:
          value: "{{got.value}}"
        steps:
          - name: call_leaf
            type: workflow
            workflow: leaf
            output: got
        """;

    // 'report' fails until 'ready' exists, so the first run fails after the call succeeded.
    private const string Top = """
        name: top
        steps:
          - name: call_mid
            type: workflow
            workflow: mid
            output: got
          - name: report
            type: shell
            command: '[ -e ready ] && printf "top got %s" "{{got.value}}"'
            output: said
        """;

    [TestMethod]
    public async Task ResumeAfterEditingACalleeTwoCallsDeepIsRefusedNamingTheCallee()
    {
        var project = await TestProject.CreateAsync("resume_callee", new Dictionary<string, string>
        {
            ["leaf.yaml"] = Leaf,
            ["mid.yaml"] = Mid,
            ["top.yaml"] = Top,
        });
        Assert.AreEqual(0, (await project.BuildAsync()).ExitCode);
        var failed = await project.RunBuiltAsync("--run-file", "first.json");
        Assert.AreEqual(1, failed.ExitCode, failed.ToString());

        project.WriteFile("leaf.yaml", Leaf.Replace("printf 42", "printf 63", StringComparison.Ordinal));
        var rebuild = await project.BuildAsync();
        Assert.AreEqual(0, rebuild.ExitCode, rebuild.ToString());
        File.WriteAllText(project.PathOf("ready"), string.Empty);
        var refused = await project.RunBuiltAsync("--resume", "first.json", "--run-file", "second.json");

        Assert.AreEqual(2, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.StandardError, "workflow 'top' calls workflow 'leaf', which changed since the run file was written");
        Assert.IsFalse(File.Exists(project.PathOf("second.json")), "nothing ran, so no run file");

        var fresh = await project.RunBuiltAsync("--run-file", "third.json");
        Assert.AreEqual(0, fresh.ExitCode, fresh.ToString());
        using var runFile = project.ReadRunFile(project.PathOf("third.json"));
        Assert.AreEqual("top got 63", runFile.RootElement.GetProperty("contexts").GetProperty("top").GetProperty("said").GetString());
    }
}
