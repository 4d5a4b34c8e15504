using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// The README's field tables list exactly the fields of the compiler's language table, in its order, with the
/// step types that accept each, a meaning that starts with the row's one-line description (its final period aside)
/// and every choice named.
/// </summary>
[TestClass]
public sealed class LanguageDocsTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(CompilerHarness.RepoRoot, "README.md"));

    [TestMethod]
    public void TheStepTableDocumentsEveryStepField() =>
        AssertTable("| field | steps | meaning |", LanguageTable.Step, withSteps: true);

    [TestMethod]
    public void TheWorkflowTableDocumentsEveryWorkflowField() =>
        AssertTable("| workflow field | meaning |", LanguageTable.Workflow, withSteps: false);

    [TestMethod]
    public void TheInputTableDocumentsEveryInputField() =>
        AssertTable("| input field | meaning |", LanguageTable.Input, withSteps: false);

    [TestMethod]
    public void TheRetryTableDocumentsEveryRetryField() =>
        AssertTable("| retry field | meaning |", LanguageTable.Retry, withSteps: false);

    [TestMethod]
    public void TheReadmeShowsEveryConditionFunctionWithItsParameters()
    {
        foreach (var function in LanguageTable.Functions)
        {
            StringAssert.Contains(Readme, $"`{function.Name}({string.Join(", ", function.Parameters)})", function.Name);
        }
    }

    [TestMethod]
    public void EveryStepFieldAppliesToSomeStepTypeAndIsRequiredOnlyWhereItApplies()
    {
        foreach (var field in LanguageTable.Step)
        {
            Assert.AreNotEqual(StepTypes.None, field.Steps, field.Name);
            Assert.AreEqual(field.RequiredFor, field.RequiredFor & field.Steps, field.Name);
        }
    }

    [TestMethod]
    public void EveryDefaultIsAValidValue()
    {
        foreach (var field in LanguageTable.Step.Concat(LanguageTable.Input).Where(f => f.Default is not null))
        {
            var valid = field.Kind switch
            {
                ValueKind.Choice => field.Choices.Any(c => c.Value == field.Default),
                ValueKind.Boolean => field.Default is "true" or "false",
                _ => false,
            };
            Assert.IsTrue(valid, $"{field.Name}: default '{field.Default}'");
        }
    }

    private static void AssertTable(string header, IReadOnlyList<FieldDescriptor> fields, bool withSteps)
    {
        var rows = Rows(header);
        CollectionAssert.AreEqual(fields.Select(f => f.Name).ToList(), rows.Select(r => r[0].Trim('`')).ToList(), header);
        foreach (var (field, row) in fields.Zip(rows))
        {
            var meaning = row[^1];
            // The README may go on where the one-line description ends ("…(required): `shell`, …").
            StringAssert.StartsWith(meaning, field.Doc.TrimEnd('.'), $"The README's '{field.Name}' row must start with the language table's description.");
            foreach (var choice in field.Choices)
            {
                StringAssert.Contains(meaning, $"`{choice.Value}`", $"The README's '{field.Name}' row must name the choice '{choice.Value}'.");
            }

            if (withSteps)
            {
                Assert.AreEqual(Steps(field.Steps), row[1], field.Name);
            }
        }
    }

    private static string Steps(StepTypes types) => types == StepTypes.All
        ? "all"
        : string.Join(", ", StepKinds.NamesOf(types));

    /// <summary>The cells of the table under <paramref name="header"/>, up to the first line that is not a row.</summary>
    private static List<string[]> Rows(string header)
    {
        var lines = Readme.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == header);
        Assert.IsTrue(start >= 0, $"The README has no table headed '{header}'.");
        return lines.Skip(start + 2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .ToList();
    }
}
