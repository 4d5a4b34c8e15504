using System.Text;
using System.Text.Json;
using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>Hostile values produced by one step reach the next step's program byte for byte through a real build.</summary>
[TestClass]
public sealed class ShellInjectionEndToEndTests
{
    [TestMethod]
    public async Task TwentyPayloadsReachPrintfByteExactAndNothingExecutes()
    {
        var marker = Path.Combine(TestFeed.Root, "pwned");
        string[] payloads =
        [
            $"$(touch {marker})", $"`touch {marker}`", $"'; touch {marker}; echo '", $"\"; touch {marker}; echo \"",
            $"; touch {marker}", $"&& touch {marker}", $"| touch {marker}", $"a\ntouch {marker}\nb", $"> {marker}",
            "*", "~", "$HOME", "${PATH}", "\\", "'", "\"", "!!", "-n", "a  b   c", "  padded", "tab\there",
            "héllo ✓ 日本", "%s %d", "$(echo $(id))", "{{ not a template }}",
        ];

        var yaml = new StringBuilder();
        for (var i = 0; i < payloads.Length; i++)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payloads[i]));
            yaml.Append($$"""
                ---
                name: payload{{i}}
                steps:
                  - name: produce
                    type: shell
                    command: printf '%s' '{{encoded}}' | base64 -d
                    output: value
                  - name: bare
                    type: shell
                    command: printf '%s' {{"{{"}}value{{"}}"}}
                    output: bare
                  - name: double
                    type: shell
                    command: printf '%s' "[{{"{{"}}value{{"}}"}}]"
                    output: double
                  - name: single
                    type: shell
                    command: printf '%s' '[{{"{{"}}value{{"}}"}}]'
                    output: single

                """);
        }

        var project = await TestProject.CreateAsync("injection", new Dictionary<string, string> { ["payloads.yaml"] = yaml.ToString() });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync("-q");
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        using var runFile = project.ReadRunFile();
        var contexts = runFile.RootElement.GetProperty("contexts");
        for (var i = 0; i < payloads.Length; i++)
        {
            var context = contexts.GetProperty("payload" + i);
            Assert.AreEqual(payloads[i], context.GetProperty("value").GetString(), $"payload {i} was not produced intact");
            Assert.AreEqual(payloads[i], context.GetProperty("bare").GetString(), $"payload {i} bare");
            Assert.AreEqual("[" + payloads[i] + "]", context.GetProperty("double").GetString(), $"payload {i} in double quotes");
            Assert.AreEqual("[" + payloads[i] + "]", context.GetProperty("single").GetString(), $"payload {i} in single quotes");
        }

        Assert.IsFalse(File.Exists(marker), "a payload executed a command");
    }

    /// <summary>The report that found the hole: a step's output in bash arithmetic ran as code; now it fails the step, and an integer works under sh.</summary>
    [TestMethod]
    public async Task AStepOutputInShellArithmeticRunsNoCodeAndAnIntegerWorksUnderSh()
    {
        var project = await TestProject.CreateAsync("arith", new Dictionary<string, string>
        {
            ["arith.yaml"] = """
                name: arith
                steps:
                  - name: produce
                    type: shell
                    command: printf '%s' 'a[$(echo PWNED > pwned)]'
                    output: x
                  - name: use
                    type: shell
                    shell: bash
                    command: echo $(( {{x}} % 97 ))
                """,
            ["honest.yaml"] = """
                name: honest
                steps:
                  - name: produce
                    type: shell
                    command: echo 0102
                    output: n
                  - name: use
                    type: shell
                    command: echo $(( {{n}} % 97 ))
                    output: r
                """,
        });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        var run = await project.RunBuiltAsync();
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "pwned")), "the value ran as code");
        StringAssert.Contains(run.ToString(), "'{{x}}' stands in an arithmetic expansion $(( )), where the shell evaluates text as arithmetic, so only an integer may stand there; its value is 'a[$(echo PWNED > pwned)]'");

        using var runFile = project.ReadRunFile();
        var steps = runFile.RootElement.GetProperty("workflows").GetProperty("arith").GetProperty("steps");
        Assert.AreEqual("failed", steps[1].GetProperty("status").GetString());
        Assert.IsFalse(steps[1].TryGetProperty("exit_code", out var exitCode) && exitCode.ValueKind != JsonValueKind.Null, "the shell started");
        Assert.AreEqual("5", runFile.RootElement.GetProperty("contexts").GetProperty("honest").GetProperty("r").GetString(), "0102 is 102 in decimal; 102 % 97 = 5");
    }
}
