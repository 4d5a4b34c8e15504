using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>The grown-up language through a real SDK build: inputs on the command line, env, timeout, retry, continue_on_error, always().</summary>
[TestClass]
public sealed class LanguageEndToEndTests
{
    private const string Flow = """
        name: lang
        inputs:
          who: { type: string, required: true, description: "Who to greet" }
          times: { type: number, default: 2 }
        env:
          GREETING: "hello {{who}}"
        steps:
          - name: prepare
            type: shell
            command: mkdir -p work && rm -f work/count
          - name: greet
            type: shell
            command: printf '%s' "$GREETING x{{times}}"
            output: greeting
          - name: flaky
            type: shell
            working_directory: work
            retry: { max_attempts: 3, backoff: 0.1 }
            command: n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 2 ] && printf 'ok after %s' $n
            output: flaky
          - name: optional
            type: shell
            continue_on_error: true
            command: exit 5
          - name: slow
            type: shell
            if: "{{times}} > 1 && contains(greeting, 'HELLO')"
            timeout: 0.5
            command: sleep 5
          - name: skipped-after-failure
            type: shell
            command: echo never
          - name: report
            type: shell
            if: always()
            env:
              STATE: "{{greeting}} / {{flaky}}"
            shell: bash
            command: printf '%s' "$STATE"
            output: report
        """;

    [TestMethod]
    public async Task InputsEnvTimeoutRetryContinueOnErrorAndAlwaysWorkInABuiltProgram()
    {
        var project = await TestProject.CreateAsync("language", new Dictionary<string, string> { ["flow.yaml"] = Flow });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var help = await project.RunBuiltAsync("--help");
        StringAssert.Contains(help.StandardOutput, "--input");
        StringAssert.Contains(help.StandardOutput, "lang.who");

        var missing = await project.RunBuiltAsync("-q");
        Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.StandardError, "workflow 'lang' needs input 'who' (a string): --input who=VALUE");
        Assert.IsFalse(File.Exists(project.PathOf("language_run.json")), "nothing runs when inputs are invalid");

        var mistyped = await project.RunBuiltAsync("--input", "who=x", "--input", "times=many");
        Assert.AreEqual(2, mistyped.ExitCode, mistyped.ToString());
        StringAssert.Contains(mistyped.StandardError, "input 'times' of workflow 'lang' must be a number, not 'many'");

        var run = await project.RunBuiltAsync("--input", "who=world; $(touch pwned)", "-i", "times=3");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.StandardError, "flaky: attempt 1 of 3 failed");
        Assert.IsFalse(File.Exists(project.PathOf("pwned")), "an input value is data, never shell code");

        using var runFile = project.ReadRunFile();
        var context = runFile.RootElement.GetProperty("contexts").GetProperty("lang");
        Assert.AreEqual("world; $(touch pwned)", context.GetProperty("who").GetString());
        Assert.AreEqual("hello world; $(touch pwned) x3", context.GetProperty("greeting").GetString());
        Assert.AreEqual("ok after 2", context.GetProperty("flaky").GetString());
        Assert.AreEqual("hello world; $(touch pwned) x3 / ok after 2", context.GetProperty("report").GetString());
        Assert.AreEqual("failed", runFile.RootElement.GetProperty("workflows").GetProperty("lang").GetProperty("status").GetString());
        Assert.AreEqual("failed", CompatFixtureTests.StepStatus(runFile, "lang", "optional"));
        Assert.AreEqual("failed", CompatFixtureTests.StepStatus(runFile, "lang", "slow"));
        Assert.AreEqual("not_run", CompatFixtureTests.StepStatus(runFile, "lang", "skipped-after-failure"));
        Assert.AreEqual("succeeded", CompatFixtureTests.StepStatus(runFile, "lang", "report"));
        var steps = runFile.RootElement.GetProperty("workflows").GetProperty("lang").GetProperty("steps").EnumerateArray().ToList();
        Assert.IsTrue(steps.Single(s => s.GetProperty("name").GetString() == "optional").GetProperty("continue_on_error").GetBoolean());
        StringAssert.Contains(steps.Single(s => s.GetProperty("name").GetString() == "slow").GetProperty("error").GetString(), "timed out after 0.5 s");
    }
}
