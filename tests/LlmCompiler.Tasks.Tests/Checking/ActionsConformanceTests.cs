using System.Text;
using System.Text.Json;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests.Checking;

/// <summary>
/// GitHub's published test vectors for Actions expressions (TestData/actions-expressions.json), each compiled as
/// the <c>if</c> of a step of a real workflow, built in memory and run by the runtime: every vector is refused at
/// build time, or runs (or skips) its step exactly as Actions' result says, or differs only as the README's exception
/// list allows. The counts are recorded in docs/conditions.md, which this test keeps in sync.
/// </summary>
[TestClass]
public sealed partial class ActionsConformanceTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string DataFile => Path.Combine(CompilerHarness.RepoRoot, "tests", "LlmCompiler.Tasks.Tests", "TestData", "actions-expressions.json");

    private static string DocsFile => Path.Combine(CompilerHarness.RepoRoot, "docs", "conditions.md");

    [TestMethod]
    public async Task ActionsTestVectorsAgreeOrAreRefusedOrAreDeliberateDeviations()
    {
        var vectors = LoadVectors();
        var outcomes = new string[vectors.Count];
        var accepted = new List<int>();
        for (var i = 0; i < vectors.Count; i++)
        {
            var result = CompilerHarness.Compile(("v.yaml", Yaml(i, vectors[i].Expression)));
            var error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (error is not null)
            {
                outcomes[i] = vectors[i].ActionsRefuses ? "refused, as by Actions" : "refused: " + RefusalReason(error);
            }
            else
            {
                accepted.Add(i);
            }
        }

        var combined = CompilerHarness.Compile(accepted.Select(i => ($"v{i}.yaml", Yaml(i, vectors[i].Expression))).ToArray());
        Assert.IsTrue(combined.Success, string.Join("\n", combined.Diagnostics));
        var assembly = RoslynCompiler.Load(combined.Files.Append(combined.Program!));
        var workflows = (IReadOnlyList<Workflow>)assembly.GetType("Tests.LlmCompilerWorkflows")!.GetProperty("All")!.GetValue(null)!;
        var run = await WorkflowRunner.RunAsync(workflows, new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null });

        var silent = new List<string>();
        foreach (var workflow in run.Workflows)
        {
            var i = int.Parse(workflow.Name[1..], System.Globalization.CultureInfo.InvariantCulture);
            var vector = vectors[i];
            var status = workflow.Steps[0].Status;
            if (vector.ActionsRefuses || status is not (StepStatus.Succeeded or StepStatus.Skipped))
            {
                outcomes[i] = "silent difference";
                silent.Add($"{vector.Expression}: Actions {(vector.ActionsRefuses ? "refuses it" : "accepts it")}, here the step is {status} {workflow.Steps[0].Error}");
                continue;
            }

            var ran = status == StepStatus.Succeeded;
            if (ran == vector.ActionsTruthy)
            {
                outcomes[i] = "agree";
            }
            else if (DeliberateDeviation(vector) is { } reason && ran == !vector.ActionsTruthy)
            {
                outcomes[i] = "deliberate: " + reason;
            }
            else
            {
                outcomes[i] = "silent difference";
                silent.Add($"{vector.Expression}: Actions gives {vector.Result}, here the step is {status}");
            }
        }

        var counts = Summary(outcomes);
        TestContext.WriteLine(counts);
        Assert.AreEqual(0, silent.Count, "Silent differences from GitHub Actions:\n" + string.Join("\n", silent));
        StringAssert.Contains(File.ReadAllText(DocsFile).ReplaceLineEndings("\n"), counts,
            "docs/conditions.md must hold the current counts; paste the block above into it.");
    }

    /// <summary>
    /// The exception list (README, "Conditions"): why our answer may be the other one. Consulted only when the answers
    /// differ; each deviation is recognised by the quoted text that triggers it.
    /// </summary>
    private static string? DeliberateDeviation(Vector vector)
    {
        var quoted = QuotedText().Matches(vector.Expression).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();
        if (quoted.Any(text => text.Length > 0 && !Conditions.IsTrue(text)))
        {
            return "'false', zero or blank text is false";
        }

        return quoted.Any(text => text.Length > text.Trim().Length) && vector.Expression.Contains('=', StringComparison.Ordinal)
            ? "== and != trim white space"
            : null;
    }

    private static string RefusalReason(Diagnostic error) => error.Message switch
    {
        var m when m.Contains(" between ", StringComparison.Ordinal) => "LLMC2017 comparison across types",
        var m when m.Contains(" on a string is refused", StringComparison.Ordinal) => "LLMC2017 ordering text",
        var m when m.Contains(" on a boolean is refused", StringComparison.Ordinal) => "LLMC2017 ordering a boolean",
        var m when m.Contains("is not a function", StringComparison.Ordinal) => "LLMC2017 function name in another case",
        var m when m.Contains("is a number in GitHub Actions", StringComparison.Ordinal) => "LLMC2009 NaN or Infinity",
        var m when m.Contains("is not a number conditions take", StringComparison.Ordinal) => "LLMC2009 number form not taken",
        var m when m.StartsWith("Unexpected '", StringComparison.Ordinal) && m.Contains("after a complete condition", StringComparison.Ordinal) => "LLMC2009 chained comparison (a < b == c)",
        _ => error.Id + " " + error.Message[..Math.Min(60, error.Message.Length)],
    };

    /// <summary>The counts as docs/conditions.md records them.</summary>
    private static string Summary(string[] outcomes)
    {
        var text = new StringBuilder();
        text.Append("| outcome | vectors |\n|---|---|\n");
        foreach (var group in outcomes.GroupBy(o => o).OrderBy(g => g.Key == "agree" ? 0 : g.Key.StartsWith("refused", StringComparison.Ordinal) ? 1 : 2).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("| ").Append(group.Key).Append(" | ").Append(group.Count()).Append(" |\n");
        }

        return text.Append("| total | ").Append(outcomes.Length).Append(" |\n").ToString();
    }

    private static string Yaml(int index, string expression) => $"""
        name: v{index}
        steps:
          - name: s
            type: shell
            if: "{expression.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}"
            command: exit 0
        """;

    private static List<Vector> LoadVectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DataFile));
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => new Vector(v.GetProperty("expr").GetString()!, v.TryGetProperty("result", out var r) ? r.Clone() : default))
            .ToList();
    }

    private sealed record Vector(string Expression, JsonElement Result)
    {
        public bool ActionsRefuses => Result.ValueKind == JsonValueKind.Undefined;

        /// <summary>Whether Actions' result is truthy by its own rules, so the step would run.</summary>
        public bool ActionsTruthy => Result.GetProperty("kind").GetString() switch
        {
            "Boolean" => Result.GetProperty("value").GetBoolean(),
            "Number" => Result.GetProperty("value").GetDouble() is var n && n != 0 && !double.IsNaN(n),
            "String" => Result.GetProperty("value").GetString()!.Length > 0,
            _ => false,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial System.Text.RegularExpressions.Regex QuotedText();
}
