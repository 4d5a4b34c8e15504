using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>The grown-up language compiles to the expected runtime calls, and the generated code compiles.</summary>
[TestClass]
public sealed class LanguageFeatureTests
{
    private const string Everything = """
        name: full
        inputs:
          topic: { type: string, required: true, description: "What to write <about>" }
          count: { type: number, default: 3 }
          verbose: { type: boolean }
          class: { type: string, default: "x" }
        env:
          SHARED: "topic={{topic}}"
          OVERRIDDEN: workflow
        steps:
          - name: make
            type: shell
            shell: bash
            command: echo "$SHARED $OVERRIDDEN {{count}}"
            env:
              OVERRIDDEN: step
            working_directory: /tmp
            timeout: 2.5
            retry: { max_attempts: 3, backoff: 0.5 }
            output: made
          - name: check
            type: shell
            if: "{{count}} >= 2 && contains(made, 'topic') && !startsWith(made, 'x') || endsWith(made, '3') && verbose == true"
            continue_on_error: true
            retry: 2
            command: echo checked {{made}} {{class}}
            output: checked
          - name: report
            type: shell
            if: always()
            shell: pwsh
            command: Write-Output "report ${{checked}}"
          - name: on-failure
            type: shell
            if: failure() && count == 3
            command: echo failed
        """;

    [TestMethod]
    public void EveryNewFieldCompilesToRuntimeSettingsAndTheCodeCompiles()
    {
        var result = CompilerHarness.Compile(("full.yaml", Everything));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        Assert.IsFalse(result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", result.Diagnostics));
        var code = result.Files[0];
        StringAssert.Contains(code, "Shell = \"bash\"");
        StringAssert.Contains(code, "Shell = \"pwsh\"");
        StringAssert.Contains(code, "Timeout = global::System.TimeSpan.FromSeconds(2.5d)");
        StringAssert.Contains(code, "MaxAttempts = 3");
        StringAssert.Contains(code, "RetryBackoff = global::System.TimeSpan.FromSeconds(0.5d)");
        StringAssert.Contains(code, "MaxAttempts = 2");
        StringAssert.Contains(code, "ContinueOnError = true");
        StringAssert.Contains(code, "ChecksStatus = true");
        StringAssert.Contains(code, "WorkingDirectory = static _ => \"/tmp\"");
        StringAssert.Contains(code, "new(\"SHARED\", \"topic=\" + v[\"topic\"])");
        StringAssert.Contains(code, "new(\"OVERRIDDEN\", \"step\")");
        var make = code[code.IndexOf("ShellStep(\"make\"", StringComparison.Ordinal)..code.IndexOf("ShellStep(\"check\"", StringComparison.Ordinal)];
        Assert.IsFalse(make.Contains("new(\"OVERRIDDEN\", \"workflow\")", StringComparison.Ordinal), "the step's env overrides the workflow's");
        StringAssert.Contains(code[code.IndexOf("ShellStep(\"check\"", StringComparison.Ordinal)..], "new(\"OVERRIDDEN\", \"workflow\")");
        StringAssert.Contains(code, "(global::LlmCompiler.Runtime.CompilerServices.Conditions.Compare(v[\"count\"], \"2\") >= 0)");
        StringAssert.Contains(code, "global::LlmCompiler.Runtime.CompilerServices.Conditions.Contains(v[\"made\"], \"topic\")");
        StringAssert.Contains(code, "global::LlmCompiler.Runtime.CompilerServices.Conditions.NumbersEqual(v[\"count\"], \"3\")");
        StringAssert.Contains(code, "Condition = static _ => true,");
        StringAssert.Contains(code, "global::LlmCompiler.Runtime.CompilerServices.Conditions.Failure(v)");
        StringAssert.Contains(code, "Write-Output \\\"report $${env:LLMC_checked}\\\"");
        StringAssert.Contains(code, "new(\"topic\", global::LlmCompiler.Runtime.WorkflowInputType.String) { Required = true, Description = \"What to write <about>\" }");
        StringAssert.Contains(code, "string topic,");
        StringAssert.Contains(code, "double count = 3d,");
        StringAssert.Contains(code, "bool? verbose = null,");
        StringAssert.Contains(code, "string @class = \"x\",");
        StringAssert.Contains(code, "What to write &lt;about&gt;");
        var errors = RoslynCompiler.Diagnose([result.Files[0], result.Program!]);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors) + "\n" + code);
    }

    [TestMethod]
    [DataRow("{{n}} < 'abc'", "LLMC2017", 18)]
    [DataRow("'3' > 2", "LLMC2017", 10)]
    [DataRow("true >= 1", "LLMC2017", 10)]
    [DataRow("flag == 'yes'", "LLMC2017", 10)]
    [DataRow("num == 'abc'", "LLMC2017", 10)]
    [DataRow("contain(x, 'a')", "LLMC2017", 10)]
    [DataRow("contains(x)", "LLMC2017", 10)]
    [DataRow("always(x)", "LLMC2017", 10)]
    [DataRow("x <", "LLMC2009", 13)]
    [DataRow("contains(x, 'a'", "LLMC2009", 25)]
    [DataRow("flag == 'true'", "LLMC2017", 10)]
    [DataRow("!x < 3", "LLMC2017", 10)]
    [DataRow("!x == 'a'", "LLMC2017", 10)]
    [DataRow("x == NaN", "LLMC2009", 15)]
    [DataRow("x == -Infinity", "LLMC2009", 15)]
    [DataRow("x == 0x1g", "LLMC2009", 15)]
    [DataRow("x == 1e400", "LLMC2009", 15)]
    [DataRow("x == 😀", "LLMC2009", 15)]
    public void ConditionTypeAndSyntaxErrorsAreReportedAtTheirColumn(string condition, string code, int column)
    {
        var yaml = $$$"""
            name: wf
            inputs:
              flag: { type: boolean, default: false }
              num: { type: number, default: 1 }
            steps:
              - name: a
                type: shell
                command: echo 5
                output: n
              - name: b
                type: shell
                command: echo "{{n}}"
                output: x
              - name: c
                type: shell
                if: "{{{condition}}}"
                command: echo "{{x}}"
            """;
        var diagnostics = CompilerHarness.Diagnostics(yaml).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.AreEqual(1, diagnostics.Count, string.Join("\n", diagnostics));
        Assert.AreEqual(code, diagnostics[0].Id, diagnostics[0].ToString());
        Assert.AreEqual((16, column), (diagnostics[0].Span.Line, diagnostics[0].Span.Column), diagnostics[0].ToString());
    }

    [TestMethod]
    public void ConditionsThatAreAlwaysFalseMakeTheirStepAndItsWaitersUnreachable()
    {
        var diagnostics = CompilerHarness.Diagnostics("""
            name: a
            steps:
              - name: never
                type: shell
                if: 1 > 2 || contains('abc', 'z')
                command: echo hi
            ---
            name: b
            steps:
              - name: waits
                type: shell
                wait_for: a.never
                command: echo hi
            """);
        var unreachable = diagnostics.Where(d => d.Id == "LLMC2021").Select(d => (d.Span.Line, d.Span.Column)).ToList();
        CollectionAssert.AreEqual(new[] { (5, 9), (12, 15) }, unreachable, string.Join("\n", diagnostics));
    }

    [TestMethod]
    public void NumbersCompareNumericallyOnlyWhenASideIsANumber()
    {
        var code = CompilerHarness.Compile(("f.yaml", Step("x == '1.0' && x == 1.0"))).Files[0];
        StringAssert.Contains(code, "Conditions.AreEqual(v[\"x\"], \"1.0\") && global::LlmCompiler.Runtime.CompilerServices.Conditions.NumbersEqual(v[\"x\"], \"1.0\")");
    }

    [TestMethod]
    [DataRow("'true' == true", "'==' between a string and a boolean is refused: GitHub Actions would convert both to numbers first, which rarely means what it says. Write true without quotes.")]
    [DataRow("true == 1", "'==' between a boolean and a number is refused: GitHub Actions would convert both to numbers first, which rarely means what it says. Compare values of the same type")]
    [DataRow("1 != 'a'", "'!=' between a number and a string is refused")]
    [DataRow("'a' < 'b'", "'<' on a string is refused: conditions order numbers only (GitHub Actions would order text ignoring case). Compare text with ==, != or contains(), startsWith(), endsWith().")]
    [DataRow("true > 0", "'>' on a boolean is refused: conditions order numbers only (GitHub Actions would convert it to a number). Compare numbers (3, {{count}}).")]
    [DataRow("NaN == 1", "'NaN' is a number in GitHub Actions, but conditions take finite numbers only")]
    [DataRow("0x == 1", "'0x' is not a number conditions take: write a finite decimal (3, -0.5, +1, 1E+3), 0x hexadecimal (0xff) or 0o octal (0o17).")]
    [DataRow("'a' == 😀", "'😀' is not allowed in a condition.")]
    public void RefusedConditionsSayWhatToWriteAndNeverClaimAResult(string condition, string message)
    {
        var diagnostic = CompilerHarness.Diagnostics(Step(condition)).First(d => d.Severity == DiagnosticSeverity.Error);
        StringAssert.Contains(diagnostic.Message, message);
        Assert.IsFalse(diagnostic.Message.Contains("always", StringComparison.Ordinal), diagnostic.Message);
    }

    [TestMethod]
    public void AnEmojiIsQuotedWholeAndItsSpanCoversBothHalves()
    {
        var diagnostic = CompilerHarness.Diagnostics(Step("'a' == 😀")).Single();
        Assert.AreEqual((9, 17, 9, 19), (diagnostic.Span.Line, diagnostic.Span.Column, diagnostic.Span.EndLine, diagnostic.Span.EndColumn), diagnostic.ToString());
    }

    [TestMethod]
    [DataRow("+1 == 1", "\"+1\", \"1\"")]
    [DataRow("1E+1 == 10", "\"1E+1\", \"10\"")]
    [DataRow("0xfF == 255", "\"255\", \"255\"")]
    [DataRow("0o17 == 15", "\"15\", \"15\"")]
    public void NumberLiteralsActionsAcceptsAreNumbers(string condition, string arguments)
    {
        var result = CompilerHarness.Compile(("f.yaml", Step(condition)));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "Conditions.NumbersEqual(" + arguments + ")");
    }

    [TestMethod]
    public void NotBindsTighterThanAComparisonAsInActions()
    {
        var result = CompilerHarness.Compile(("f.yaml", Step("!x == false")));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "global::LlmCompiler.Runtime.CompilerServices.Conditions.AreEqual((!global::LlmCompiler.Runtime.CompilerServices.Conditions.IsTrue(v[\"x\"]) ? \"true\" : \"false\"), \"false\")");
    }

    [TestMethod]
    public void CancelledCompilesToTheRuntimeAndMarksTheStepAsCheckingTheStatus()
    {
        var result = CompilerHarness.Compile(("f.yaml", Step("cancelled() || failure()")));
        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "Condition = static v => (global::LlmCompiler.Runtime.CompilerServices.Conditions.Cancelled(v) || global::LlmCompiler.Runtime.CompilerServices.Conditions.Failure(v)),");
        StringAssert.Contains(result.Files[0], "ChecksStatus = true");
        Assert.AreEqual(0, RoslynCompiler.Diagnose(result.Files.Append(result.Program!)).Count);
    }

    [TestMethod]
    public void ConditionsNestAtMostFiftyLevelsAsInActions()
    {
        Assert.IsTrue(CompilerHarness.Compile(("f.yaml", Step(new string('!', 49) + "false"))).Success);
        var diagnostic = CompilerHarness.Diagnostics(Step(new string('!', 50) + "false")).Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual("LLMC2009", diagnostic.Id);
        StringAssert.Contains(diagnostic.Message, "nests more than 50 levels deep");
    }

    private static string Step(string condition) => $$$"""
        name: wf
        steps:
          - name: a
            type: shell
            command: echo 1
            output: x
          - name: b
            type: shell
            if: "{{{condition}}}"
            command: echo "{{x}}"
        """;
}
