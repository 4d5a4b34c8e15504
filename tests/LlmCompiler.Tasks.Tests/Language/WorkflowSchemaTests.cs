using System.Text.Json;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// The editor schema is written from the language table, and the copy kept in the repository (schemas/, packed into
/// the SDK) is that output: a table change that is not in the schema fails here. LLMC_UPDATE_GOLDEN=1 rewrites it.
/// </summary>
[TestClass]
public sealed class WorkflowSchemaTests
{
    private static readonly string Committed = Path.Combine(Repository.Root, "schemas", "workflow.schema.json");

    [TestMethod]
    public void TheRepositorysSchemaIsTheOneTheLanguageTableWrites()
    {
        var written = WorkflowSchema.Write();
        if (Environment.GetEnvironmentVariable("LLMC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Committed, written);
        }

        Assert.IsTrue(File.Exists(Committed), $"{Committed} is missing; run the tests with LLMC_UPDATE_GOLDEN=1 to write it.");
        Assert.AreEqual(written, File.ReadAllText(Committed), "schemas/workflow.schema.json differs from the language table; rerun with LLMC_UPDATE_GOLDEN=1 and review.");
    }

    [TestMethod]
    public void EveryFieldOfTheTableIsDescribedWithItsDocAndNoOtherFieldIsAllowed()
    {
        using var schema = JsonDocument.Parse(WorkflowSchema.Write());
        var definitions = schema.RootElement.GetProperty("definitions");
        foreach (var (definition, fields) in new[] { ("workflow", LanguageTable.Workflow), ("step", LanguageTable.Step), ("input", LanguageTable.Input), ("retryOptions", LanguageTable.Retry) })
        {
            var shape = definitions.GetProperty(definition);
            Assert.IsFalse(shape.GetProperty("additionalProperties").GetBoolean(), $"{definition} must reject unknown fields");
            var properties = shape.GetProperty("properties");
            CollectionAssert.AreEquivalent(fields.Select(f => f.Name).ToList(), properties.EnumerateObject().Select(p => p.Name).ToList(), definition);
            foreach (var field in fields)
            {
                var description = properties.GetProperty(field.Name).GetProperty("description").GetString()!;
                StringAssert.StartsWith(description, field.Doc.Replace("`", string.Empty, StringComparison.Ordinal), $"{definition}.{field.Name}");
            }
        }
    }

    [TestMethod]
    public void StepTypesAreAnEnumWithTheirDocsAndEachTypeRequiresItsFields()
    {
        using var schema = JsonDocument.Parse(WorkflowSchema.Write());
        var step = schema.RootElement.GetProperty("definitions").GetProperty("step");
        var type = step.GetProperty("properties").GetProperty("type");
        CollectionAssert.AreEqual(StepKinds.All.Select(k => k.Name).ToList(), type.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList());
        CollectionAssert.AreEqual(StepKinds.All.Select(k => k.Choice.Doc).ToList(), type.GetProperty("enumDescriptions").EnumerateArray().Select(e => e.GetString()).ToList());
        CollectionAssert.AreEquivalent(new[] { "name", "type" }, step.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList());

        var rules = step.GetProperty("allOf").EnumerateArray().Where(rule => rule.TryGetProperty("if", out var condition) && condition.TryGetProperty("properties", out _)).ToList();
        var requiredByType = rules.ToDictionary(
            rule => rule.GetProperty("if").GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!,
            rule => Required(rule.GetProperty("then")));
        CollectionAssert.AreEquivalent(new[] { "command" }, requiredByType["shell"]);
        CollectionAssert.AreEquivalent(new[] { "prompt|prompt_file" }, requiredByType["llm"]);
        CollectionAssert.AreEquivalent(new[] { "prompt|prompt_file", "model" }, requiredByType["local_llm"]);

        var exclusive = step.GetProperty("allOf").EnumerateArray().Where(rule => rule.TryGetProperty("not", out _))
            .Select(rule => string.Join("+", rule.GetProperty("not").GetProperty("required").EnumerateArray().Select(e => e.GetString()))).ToList();
        CollectionAssert.AreEquivalent(new[] { "prompt+prompt_file", "system+system_file" }, exclusive);
    }

    [TestMethod]
    public void UntilRequiresMaxIterationsAndExcludesForeach()
    {
        using var schema = JsonDocument.Parse(WorkflowSchema.Write());
        var loop = schema.RootElement.GetProperty("definitions").GetProperty("step").GetProperty("allOf").EnumerateArray()
            .Single(rule => rule.TryGetProperty("if", out var condition) && Required(condition).SequenceEqual(["until"]));
        var then = loop.GetProperty("then");
        CollectionAssert.AreEqual(new[] { "max_iterations" }, Required(then));
        CollectionAssert.AreEqual(new[] { "foreach" }, Required(then.GetProperty("not")));
    }

    /// <summary>The names a <c>then</c> requires; one of several alternatives (<c>anyOf</c>) reads "a|b".</summary>
    private static List<string> Required(JsonElement then)
    {
        var names = then.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        if (then.TryGetProperty("anyOf", out var alternatives))
        {
            names.Add(string.Join("|", alternatives.EnumerateArray().SelectMany(a => a.GetProperty("required").EnumerateArray()).Select(e => e.GetString())));
        }

        return names;
    }
}
