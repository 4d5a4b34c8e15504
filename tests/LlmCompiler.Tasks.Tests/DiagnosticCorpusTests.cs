using System.Text.RegularExpressions;

namespace LlmCompiler.Tasks.Tests;

/// <summary>
/// Every file under Corpus/ is a broken workflow whose first comment lines say what the compiler must report:
/// <c># expect: LLMC2006 7:22</c>, one line per diagnostic (<c># expect: LLMC2006 prompts/x.md 3:5</c> for one in a prompt
/// file the workflow reads, relative to Corpus/). The compiler must report exactly those, never throw.
/// Informational diagnostics (unread outputs) count only in files that expect one of their code.
/// </summary>
[TestClass]
public sealed partial class DiagnosticCorpusTests
{
    private static string CorpusDirectory => Path.Combine(CompilerHarness.RepoRoot, "tests", "LlmCompiler.Tasks.Tests", "Corpus");

    public static IEnumerable<object[]> Files() =>
        Directory.EnumerateFiles(CorpusDirectory, "*.yaml").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void BrokenWorkflowReportsExactlyTheExpectedDiagnostics(string file)
    {
        var path = Path.Combine(CorpusDirectory, file);
        var text = File.ReadAllText(path);
        var expected = ExpectLine().Matches(text)
            .Select(m => $"{m.Groups[1].Value} {(m.Groups[2].Success ? m.Groups[2].Value : file)} {m.Groups[3].Value}:{m.Groups[4].Value}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.AreNotEqual(0, expected.Count, $"{file} declares no '# expect:' line.");

        // The full path, so that prompt files resolve beside the workflow file, as in a build.
        var result = CompilerHarness.Compile((path, text));
        var expectedCodes = expected.Select(e => e.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var actual = result.Diagnostics
            .Where(d => d.Severity != LlmCompiler.Tasks.Diagnostics.DiagnosticSeverity.Info || expectedCodes.Contains(d.Id))
            .Select(d => $"{d.Id} {(d.Span.File.Length == 0 ? d.Span.File : Path.GetRelativePath(CorpusDirectory, d.Span.File).Replace('\\', '/'))} {d.Span.Line}:{d.Span.Column}")
            .Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(expected, actual, "Reported:\n" + string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    public void TheCorpusCoversAtLeastFortyFiles() =>
        Assert.IsTrue(Files().Count() >= 40, $"Corpus has {Files().Count()} files.");

    [GeneratedRegex(@"^# expect: (LLMC\d{4}) (?:(\S+) )?(\d+):(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExpectLine();
}
