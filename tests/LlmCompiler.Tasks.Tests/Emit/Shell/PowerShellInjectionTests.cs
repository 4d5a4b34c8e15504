using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Shell;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Tasks.Tests.Emit.Shell;

/// <summary>
/// The same guarantee as <see cref="ShellInjectionTests"/> for <c>shell: pwsh</c>, through a real PowerShell.
/// Unless a pwsh is on PATH, the tests install the PowerShell .NET tool themselves (<see cref="TestTools"/>).
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
        TestTools.EnsurePowerShellOnPath();

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
}
