using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Emit.Shell;
using LlmCompiler.Tasks.Parsing;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Tests.Emit.Shell;

/// <summary>
/// Values substituted into shell commands reach the program byte for byte and nothing in them runs, whatever
/// quoting surrounds the template. Every payload goes through the real rewriter and a real <c>sh</c>.
/// </summary>
[TestClass]
public sealed class ShellInjectionTests
{
    private static readonly string Marker = Path.Combine(Path.GetTempPath(), "llmc-pwned-" + Guid.NewGuid().ToString("N"));

    public static IReadOnlyList<string> Payloads { get; } =
    [
        $"$(touch {Marker})",
        $"`touch {Marker}`",
        $"'; touch {Marker}; echo '",
        $"\"; touch {Marker}; echo \"",
        $"; touch {Marker}",
        $"&& touch {Marker}",
        $"| touch {Marker}",
        $"x\ntouch {Marker}\ny",
        $"> {Marker}",
        $"$(touch {Marker})\"'`",
        "*",
        "~",
        "$HOME",
        "${PATH}",
        "\\",
        "\\\"",
        "'",
        "\"",
        "$'\\x41'",
        "!!",
        "-n",
        "a  b   c",
        "  padded  ",
        "tab\there",
        "héllo ✓ 日本",
        "%s %d %%",
        "EOF",
        ")",
        "}",
        "",
    ];

    /// <summary>Templates in every quoting position, with the output each must produce for a value p.</summary>
    public static IEnumerable<object[]> Positions() =>
    [
        ["printf '%s' {{p}}", "{0}"],
        ["printf '%s' \"{{p}}\"", "{0}"],
        ["printf '%s' '{{p}}'", "{0}"],
        ["printf '%s' \"pre-{{p}}-post\"", "pre-{0}-post"],
        ["printf '%s' 'pre-{{p}}-post'", "pre-{0}-post"],
        ["printf '%s' $'{{p}}'", "${0}"], // POSIX sh has no $'…': it is '$' and a single-quoted string.
        ["printf '%s' \"$(printf '%s' {{p}})\"", "{0}"],
        ["printf '%s' \"`printf '%s' {{p}}`\"", "{0}"],
        ["x=$(printf '%s' \"{{p}}\"); printf '%s' \"$x\"", "{0}"],
        ["cat <<EOF\n{{p}}\nEOF", "{0}"],
        ["printf '%s' {{p}} # a comment with {{p}}", "{0}"],
    ];

    [TestMethod]
    [DynamicData(nameof(Positions))]
    public async Task EveryPayloadReachesTheProgramByteExactAndNothingRuns(string template, string expected)
    {
        var command = Rewrite(template);
        foreach (var payload in Payloads)
        {
            // Command substitution and here-documents drop trailing newlines; $(…) in particular is the shell's, not ours.
            var step = new ShellStep("s", command.Command)
            {
                Output = "out",
                Environment = _ => command.Environment.Select(e => new KeyValuePair<string, string>(e.Key, payload)).ToList(),
            };
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null });
            var stepResult = result.Workflows[0].Steps[0];
            Assert.AreEqual(StepStatus.Succeeded, stepResult.Status, $"{template} with {payload}: {stepResult.Error}");
            Assert.AreEqual(string.Format(expected, payload).TrimEnd('\n'), stepResult.Output, $"template {template}, payload {payload}");
            Assert.IsFalse(File.Exists(Marker), $"payload {payload} ran a command through {template}");
        }
    }

    [TestMethod]
    public void ThereAreAtLeastTwentyPayloads() => Assert.IsTrue(Payloads.Count >= 20);

    [TestMethod]
    public void TemplateInQuotedHereDocumentIsAnError()
    {
        var diagnostics = new DiagnosticBag();
        ShellTemplateChecker.Check(CompilerHarness.ParseTemplate("cat <<'EOF'\n{{p}}\nEOF", diagnostics), "sh", diagnostics);
        Assert.AreEqual("LLMC3001", diagnostics.Items.Single().Id);
    }

    [TestMethod]
    [DataRow("echo {{p}}", "echo \"${LLMC_p}\"")]
    [DataRow("echo \"a {{p}} b\"", "echo \"a ${LLMC_p} b\"")]
    [DataRow("echo 'a {{p}} b'", "echo 'a '\"${LLMC_p}\"' b'")]
    [DataRow("echo $'a {{p}}'", "echo $'a '\"${LLMC_p}\"''")]
    [DataRow("echo \"$(cat {{p}})\"", "echo \"$(cat \"${LLMC_p}\")\"")]
    [DataRow("echo {{p}} {{p}} {{a.b}} {{a_b}}", "echo \"${LLMC_p}\" \"${LLMC_p}\" \"${LLMC_a_b}\" \"${LLMC_a_b_2}\"")]
    public void TemplatesBecomeQuotedEnvironmentReferences(string template, string expected) =>
        Assert.AreEqual(expected, Rewrite(template).Command);

    private static ShellCommand Rewrite(string template)
    {
        var diagnostics = new DiagnosticBag();
        var parsed = CompilerHarness.ParseTemplate(template, diagnostics);
        ShellTemplateChecker.Check(parsed, "sh", diagnostics);
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return ShellCommandRewriter.Rewrite(parsed);
    }
}
