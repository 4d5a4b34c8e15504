using System.Text.RegularExpressions;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests.Diagnostics;

/// <summary>
/// docs/diagnostics.md and the README table list exactly the codes in <see cref="DiagnosticDescriptors"/>, and
/// every code the SDK's targets raise has a descriptor there.
/// </summary>
[TestClass]
public sealed partial class DiagnosticDocsTests
{
    private static IEnumerable<string> Codes() =>
        DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal);

    [TestMethod]
    public void EveryCodeHasASectionInTheDiagnosticsPage()
    {
        var page = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "docs", "diagnostics.md"));
        var documented = Heading().Matches(page).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(Codes().ToList(), documented);
    }

    [TestMethod]
    public void EveryCodeHasARowInTheReadmeTable()
    {
        var readme = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "README.md"));
        var rows = Row().Matches(readme).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(Codes().ToList(), rows);
    }

    [TestMethod]
    public void EveryCodeTheTargetsRaiseHasADescriptor()
    {
        var targets = Directory.EnumerateFiles(Path.Combine(CompilerHarness.RepoRoot, "src", "LlmCompiler.Sdk"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal));
        var raised = targets.SelectMany(f => TargetCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.AreNotEqual(0, raised.Count, "The targets raise no LLMC code; has the pattern changed?");
        CollectionAssert.IsSubsetOf(raised, DiagnosticDescriptors.All.Select(d => d.Id).ToList());
    }

    [TestMethod]
    public void CodesAreUnique() =>
        Assert.AreEqual(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());

    [GeneratedRegex(@"^## (LLMC\d{4}) ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\| (LLMC\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"Code=""(LLMC\d{4})""")]
    private static partial Regex TargetCode();
}
