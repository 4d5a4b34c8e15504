using LlmCompiler.EndToEnd.Tests.Infrastructure;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>A schema file beside the YAML through a real SDK build: typed reads at run time, and the file as an input of the incremental build.</summary>
[TestClass]
public sealed class SchemaEndToEndTests
{
    private const string Flow = """
        name: triage
        steps:
          - name: classify
            type: shell
            command: printf '%s' '{"label":"bug","confidence":0.75,"tags":["ui","db"]}'
            schema: triage.json
            output: r
          - name: route
            type: shell
            if: "{{r.label}} == 'bug' && {{r.confidence}} > 0.5"
            command: printf '%s' "routed {{r.label}}"
            output: routed
          - name: tags
            type: shell
            foreach: r.tags
            command: printf '%s' "#{{item}}"
            output: tags
        """;

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "label": { "type": "string", "enum": ["bug", "feature"] },
            "confidence": { "type": "number" },
            "tags": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["label", "confidence"]
        }
        """;

    [TestMethod]
    public async Task FieldsOfAStructuredOutputRouteAtRunTimeAndEditingTheSchemaFileRecompiles()
    {
        var project = await TestProject.CreateAsync("schemas", new Dictionary<string, string> { ["flow.yaml"] = Flow, ["triage.json"] = Schema });
        var build = await project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var run = await project.RunBuiltAsync();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        using (var runFile = project.ReadRunFile())
        {
            var context = runFile.RootElement.GetProperty("contexts").GetProperty("triage");
            Assert.AreEqual("routed bug", context.GetProperty("routed").GetString());
            Assert.AreEqual("[\"#ui\",\"#db\"]", context.GetProperty("tags").GetString());
        }

        // Unchanged: generation is skipped. The schema file edited: it runs again, and a now-unknown field is an error at its column.
        var second = await project.BuildAsync("-v:d");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Output, "Skipping target \"_LlmCompilerGenerate\" because all output files are up-to-date");

        await Task.Delay(1100);
        project.WriteFile("triage.json", Schema.Replace("\"label\"", "\"kind\"", StringComparison.Ordinal));
        var third = await project.BuildAsync();
        Assert.AreNotEqual(0, third.ExitCode, third.ToString());
        StringAssert.Contains(third.ToString(), "flow.yaml(10,10,10,21): error LLMC2030");

        // Deleted: the build runs again and says which file is missing.
        File.Delete(project.PathOf("triage.json"));
        var fourth = await project.BuildAsync();
        Assert.AreNotEqual(0, fourth.ExitCode, fourth.ToString());
        StringAssert.Contains(fourth.ToString(), "error LLMC2031");
        StringAssert.Contains(fourth.ToString(), "The schema file 'triage.json' cannot be read");
    }
}
