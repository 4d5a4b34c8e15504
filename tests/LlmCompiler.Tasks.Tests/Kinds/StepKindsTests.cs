using System.Numerics;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Tests.Kinds;

/// <summary>
/// The registry is the one list of step types: every kind is complete, and the <c>type</c> field, the diagnostics,
/// the graph and the README take their types from it.
/// </summary>
[TestClass]
public sealed class StepKindsTests
{
    private static string TypeList => string.Join(", ", StepKinds.All.Select(k => k.Name));

    [TestMethod]
    public void EveryKindHasANameADocAndAFlagOfItsOwn()
    {
        Assert.AreEqual(StepKinds.All.Count, StepKinds.All.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count(), "names");
        Assert.AreEqual(StepKinds.All.Count, StepKinds.All.Select(k => k.Flag).Distinct().Count(), "flags");
        foreach (var kind in StepKinds.All)
        {
            Assert.IsTrue(NameRules.IsName(kind.Name) && kind.Name == kind.Name.ToLowerInvariant(), kind.Name);
            Assert.IsTrue(kind.Choice.Doc.EndsWith('.') && !kind.Choice.Doc.Contains('\n', StringComparison.Ordinal), kind.Name);
            Assert.AreEqual(1, BitOperations.PopCount((uint)kind.Flag), $"{kind.Name}'s flag must be one bit.");
            Assert.IsTrue(kind.RuntimeType.Length > 0 && kind.Shape.Open.Length > 0 && kind.Shape.Close.Length > 0, kind.Name);
            Assert.IsTrue(kind.Article is "a" or "an", kind.Name);
        }
    }

    [TestMethod]
    public void AllStepTypesAreTheRegisteredKindsFlags() =>
        Assert.AreEqual(StepTypes.All, StepKinds.All.Aggregate(StepTypes.None, (all, kind) => all | kind.Flag),
            "StepTypes.All must be the registered kinds' flags: a field row for every step would miss a kind otherwise.");

    [TestMethod]
    public void TheTypeFieldsChoicesAreTheRegisteredKinds() =>
        CollectionAssert.AreEqual(StepKinds.All.Select(k => k.Choice).ToList(), StepFields.Type.Choices.ToList());

    [TestMethod]
    public void EveryKindIsFoundByItsNameAndNothingElseIs()
    {
        foreach (var kind in StepKinds.All)
        {
            Assert.AreSame(kind, StepKinds.Find(kind.Name));
            Assert.IsNull(StepKinds.Find(kind.Name.ToUpperInvariant()), "type values are case-sensitive");
        }

        Assert.IsNull(StepKinds.Find("shel"));
        Assert.IsNull(StepKinds.Find(null));
    }

    [TestMethod]
    public void EveryBackendIsAPackageOfTheRepositoryAndAPropertyOfTheSdk()
    {
        var targets = string.Concat(Directory.EnumerateFiles(Path.Combine(CompilerHarness.RepoRoot, "src", "LlmCompiler.Sdk", "targets")).Select(File.ReadAllText));
        var backends = StepKinds.All.Where(k => k.Backend is not null).ToList();
        Assert.IsTrue(backends.Count > 0);
        foreach (var kind in backends)
        {
            var (package, property) = kind.Backend!;
            Assert.IsTrue(File.Exists(Path.Combine(CompilerHarness.RepoRoot, "src", package, package + ".csproj")), $"{kind.Name}: no project for {package}");
            StringAssert.Contains(targets, $"$({property})", $"{kind.Name}: the SDK's targets never read {property}");
        }
    }

    [TestMethod]
    public void ACallTargetIsAFieldTheKindRequires()
    {
        foreach (var kind in StepKinds.All.Where(k => k.CallTarget is not null))
        {
            var target = kind.CallTarget!;
            CollectionAssert.Contains(LanguageTable.Step.ToList(), target, kind.Name);
            Assert.IsTrue(target.IsRequiredFor(kind.Flag) && target.Kind == ValueKind.Text, $"{kind.Name}: {target.Name}");
        }
    }

    [TestMethod]
    public void EveryKindIsDrawnInItsShapeUnderItsName()
    {
        var result = CompilerHarness.Compile(("every-kind.yaml", EveryKind.Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        for (var i = 0; i < StepKinds.All.Count; i++)
        {
            var kind = StepKinds.All[i];
            StringAssert.Contains(result.Graph, $"w0s{i}{kind.Shape.Open}\"s{i}<br/><i>{kind.Name}</i>\"{kind.Shape.Close}\n", kind.Name);
            Assert.AreEqual(kind.CallTarget is not null, result.Graph!.Contains($"w0s{i} == calls ==> w1", StringComparison.Ordinal), kind.Name);
        }
    }

    [TestMethod]
    public void AStepWithoutATypeIsToldEveryType()
    {
        var diagnostic = CompilerHarness.Single("name: wf\nsteps:\n  - name: a\n    command: x\n", "LLMC2001", 3, 11);
        StringAssert.EndsWith(diagnostic.Message, $"has no 'type'. Types: {TypeList}.");
    }

    [TestMethod]
    public void AnUnknownTypeIsToldEveryType()
    {
        var diagnostic = CompilerHarness.Diagnostics("name: wf\nsteps:\n  - name: a\n    type: shel\n    command: x\n").First();
        StringAssert.EndsWith(diagnostic.Message, $"Types: {TypeList}.");
    }

    [TestMethod]
    public void TheReadmeNamesEveryKind()
    {
        var readme = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "README.md"));
        StringAssert.Contains(readme, $"type: shell           # {string.Join(" | ", StepKinds.All.Select(k => k.Name))}\n", "the example step's comment lists the types");
        var typeRow = readme.Split('\n').Single(line => line.StartsWith("| `type` | all |", StringComparison.Ordinal));
        foreach (var kind in StepKinds.All)
        {
            StringAssert.Contains(typeRow, $"`{kind.Name}`", kind.Name);
        }
    }
}
