using System.Text.RegularExpressions;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests;

/// <summary>docs/diagnostics.md and the README table list exactly the codes the compiler and targets can report.</summary>
[TestClass]
public sealed partial class DiagnosticDocsTests
{
    private static readonly string[] TargetCodes = ["LLMC0002", "LLMC0005", "LLMC0006"];

    private static IEnumerable<string> Codes() =>
        DiagnosticDescriptors.All.Select(d => d.Id).Concat(TargetCodes).Order(StringComparer.Ordinal);

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
    public void CodesAreUnique() =>
        Assert.AreEqual(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());

    [GeneratedRegex(@"^## (LLMC\d{4}) ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\| (LLMC\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
