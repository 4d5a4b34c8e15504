using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// The language table is plain data a tool can walk (an editor schema will be generated from it): every row is
/// complete and consistent on its own.
/// </summary>
[TestClass]
public sealed class LanguageTableTests
{
    private static IEnumerable<(string Table, IReadOnlyList<FieldDescriptor> Fields)> Tables() =>
    [
        ("workflow", LanguageTable.Workflow),
        ("step", LanguageTable.Step),
        ("input", LanguageTable.Input),
        ("retry", LanguageTable.Retry),
    ];

    [TestMethod]
    public void FieldNamesAreUniqueInEachTable()
    {
        foreach (var (table, fields) in Tables())
        {
            Assert.AreEqual(fields.Count, fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count(), table);
        }
    }

    [TestMethod]
    public void EveryRowHasAOneLineDocThatEndsASentence()
    {
        foreach (var field in Tables().SelectMany(t => t.Fields))
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(field.Doc), field.Name);
            Assert.IsFalse(field.Doc.Contains('\n', StringComparison.Ordinal), field.Name);
            Assert.IsTrue(field.Doc.EndsWith('.'), field.Name);
        }
    }

    [TestMethod]
    public void ChoicesBelongToChoiceFieldsAndAreDocumented()
    {
        foreach (var field in Tables().SelectMany(t => t.Fields))
        {
            Assert.AreEqual(field.Kind == ValueKind.Choice, field.Choices.Count > 0, field.Name);
            Assert.IsTrue(field.Choices.All(c => c.Value.Length > 0 && c.Doc.EndsWith('.')), field.Name);
        }
    }

    [TestMethod]
    public void RangesBelongToNumberFieldsAndAreNotEmpty()
    {
        ValueKind[] numbers = [ValueKind.Integer, ValueKind.Integer64, ValueKind.Number, ValueKind.Seconds, ValueKind.WholeSeconds];
        foreach (var field in Tables().SelectMany(t => t.Fields).Where(f => f.Range is not null))
        {
            var range = field.Range!;
            CollectionAssert.Contains(numbers, field.Kind, field.Name);
            Assert.IsTrue(range.Max is not { } max || max > range.Min, field.Name);
            Assert.IsFalse(range.Contains(range.Min) == range.MinExclusive, field.Name);
        }
    }
}
