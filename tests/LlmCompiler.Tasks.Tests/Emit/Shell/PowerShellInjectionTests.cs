using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Shell;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Tests.Emit.Shell;

/// <summary>
/// The same guarantee as <see cref="ShellInjectionTests"/> for <c>shell: pwsh</c>, through a real PowerShell.
/// .ci/run installs it (the PowerShell .NET tool); where it is not on PATH these tests are inconclusive, not passed.
/// </summary>
[TestClass]
public sealed class PowerShellInjectionTests
{
    public static IEnumerable<object[]> Positions() =>
    [
        ["Write-Output {{p}}", "{0}"],
        ["Write-Output \"[{{p}}]\"", "[{0}]"],
        ["$x = \"{{p}}\"; Write-Output $x", "{0}"],
    ];

    [TestMethod]
    [DynamicData(nameof(Positions))]
    public async Task EveryPayloadReachesPowerShellByteExactAndNothingRuns(string template, string expected)
    {
        if (!OnPath("pwsh"))
        {
            Assert.Inconclusive("pwsh is not on PATH (.ci/run installs the PowerShell .NET tool).");
        }

        var diagnostics = new DiagnosticBag();
        var parsed = CompilerHarness.ParseTemplate(template, diagnostics);
        ShellTemplateChecker.Check(parsed, "pwsh", diagnostics);
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        var command = PowerShellCommandRewriter.Rewrite(parsed);

        // PowerShell runs are slow to start; a representative third of the sh payloads, the PowerShell-specific ones among them.
        string[] payloads = ["$(Remove-Item ./nothing)", "`\"; Write-Output pwned; \"", "'; Write-Output pwned; '", "$env:HOME", "${env:PATH}", "@(1,2)", "héllo ✓", "a  b", ";", "&", "|"];
        var workflow = new Workflow("w", payloads.Select((payload, i) => (WorkflowStep)new ShellStep("s" + i, command.Command)
        {
            Shell = "pwsh",
            Output = "o" + i,
            Environment = _ => command.Environment.Select(e => new KeyValuePair<string, string>(e.Key, payload)).ToList(),
        }).ToArray());
        var result = await WorkflowRunner.RunAsync([workflow], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null });
        for (var i = 0; i < payloads.Length; i++)
        {
            var step = result.Workflows[0].Steps[i];
            Assert.AreEqual(StepStatus.Succeeded, step.Status, $"{template} with {payloads[i]}: {step.Error}");
            Assert.AreEqual(string.Format(expected, payloads[i]), step.Output, $"template {template}, payload {payloads[i]}");
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));
}
