using System.Text.Json.Nodes;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// The schema in an editor: a real yaml-language-server (the npm package VS Code's YAML extension runs), driven over
/// its stdio protocol, with the schema attached by the modeline the README shows.
/// </summary>
[TestClass]
public sealed class EditorSchemaTests
{
    private static readonly string Schema = Path.Combine(Repository.Root, "schemas", "workflow.schema.json");

    public static IEnumerable<object[]> CleanFiles()
    {
        foreach (var compat in new[] { "upstream-demo-example.yaml", "upstream-fixtures/shell_basic.yaml", "upstream-fixtures/template.yaml", "upstream-fixtures/parallel.yaml", "upstream-fixtures/conditional.yaml", "upstream-fixtures/error_handling.yaml", "upstream-fixtures/cross_workflow.yaml" })
        {
            yield return ["compat", compat];
        }

        yield return ["repo", "samples/Quickstart/demo.yaml"];
        yield return ["repo", "src/LlmCompiler.Templates/templates/llmc/workflows/hello.yaml"];
        foreach (var golden in Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests", "LlmCompiler.Tasks.Tests", "Golden"), "*.yaml").Order(StringComparer.Ordinal))
        {
            yield return ["repo", Path.GetRelativePath(Repository.Root, golden)];
        }
    }

    [TestMethod]
    [DynamicData(nameof(CleanFiles))]
    public async Task WorkflowsTheCompilerAcceptsHaveNoDiagnostics(string source, string path)
    {
        var text = source == "compat" ? CompatInputs.Read(path) : File.ReadAllText(Path.Combine(Repository.Root, path));

        // A file's own modeline (the templates' points at the schema copy their package puts beside them) gives way to the test's.
        text = string.Join('\n', text.Split('\n').Where(line => !line.StartsWith("# yaml-language-server:", StringComparison.Ordinal)));
        await using var server = await StartAsync();
        var diagnostics = await server.OpenAndDiagnoseAsync(Uri("clean.yaml"), Modeline() + text);
        Assert.AreEqual(0, diagnostics.Count, $"{path}:\n{string.Join("\n", diagnostics.Select(d => d.ToJsonString()))}");
    }

    [TestMethod]
    public async Task AnUnknownFieldAWrongStepTypeAndAMisspelledFieldAreDiagnosedAtTheirLines()
    {
        // Zero-based lines after the modeline: 5 has the unknown field, 7 the wrong type, 11 the misspelling.
        var text = Modeline() + """
            name: mistakes
            steps:
              - name: one
                type: shell
                command: echo one
                colour: blue
              - name: two
                type: bash
                command: echo two
              - name: three
                type: shell
                comand: echo three
            """;
        await using var server = await StartAsync();
        var diagnostics = await server.OpenAndDiagnoseAsync(Uri("mistakes.yaml"), text);
        var lines = diagnostics.Select(d => d["range"]!["start"]!["line"]!.GetValue<int>()).ToHashSet();
        string All() => string.Join("\n", diagnostics.Select(d => d.ToJsonString()));
        Assert.IsTrue(lines.Contains(1 + 5), "the unknown field 'colour' is not diagnosed at its line:\n" + All());
        Assert.IsTrue(lines.Contains(1 + 7), "the step type 'bash' is not diagnosed at its line:\n" + All());
        Assert.IsTrue(lines.Contains(1 + 11), "the misspelled 'comand' is not diagnosed at its line:\n" + All());
        Assert.IsTrue(diagnostics.Any(d => d["message"]!.GetValue<string>().Contains("colour", StringComparison.Ordinal)), All());
    }

    [TestMethod]
    public async Task CompletionInsideAStepOffersTheStepsFields()
    {
        var text = Modeline() + "name: complete\nsteps:\n  - name: one\n    type: shell\n    \n";
        await using var server = await StartAsync();
        await server.OpenAndDiagnoseAsync(Uri("complete.yaml"), text);
        var labels = await server.CompleteAsync(Uri("complete.yaml"), line: 1 + 4, character: 4);
        foreach (var field in new[] { "command", "output", "if", "timeout", "retry", "env", "shell", "working_directory" })
        {
            CollectionAssert.Contains(labels.ToList(), field, $"offered: {string.Join(", ", labels)}");
        }

        CollectionAssert.DoesNotContain(labels.ToList(), "steps", "a step's completion must not offer workflow fields");
    }

    private static string Modeline() => $"# yaml-language-server: $schema={new Uri(Schema).AbsoluteUri}\n";

    private static string Uri(string name) => new Uri(Path.Combine(Path.GetTempPath(), "llmc-editor", name)).AbsoluteUri;

    private static Task<LanguageServerClient> StartAsync() =>
        LanguageServerClient.StartAsync(TestTools.YamlLanguageServer(), new JsonObject
        {
            ["validate"] = true,
            ["completion"] = true,
            ["hover"] = true,
            ["format"] = new JsonObject { ["enable"] = false },
            // Nothing leaves the machine: no schema store look-ups.
            ["schemaStore"] = new JsonObject { ["enable"] = false },
        });
}
