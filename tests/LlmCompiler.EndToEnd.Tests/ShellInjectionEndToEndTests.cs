using System.Text;
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
}
