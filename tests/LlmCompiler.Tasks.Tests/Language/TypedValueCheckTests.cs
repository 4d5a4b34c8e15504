namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>Typed values the checker accepts (calls' outputs, schemas, typed foreach), and schema files beside the YAML.</summary>
[TestClass]
public sealed class TypedValueCheckTests
{
    [TestMethod]
    public void ASchemaFileBesideTheWorkflowIsReadEmittedAndListedAsADependency()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-schema-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "triage.json"), """
                {
                  "type": "object",
                  "properties": { "label": { "type": "string", "enum": ["bug", "idea"] }, "score": { "type": "integer" } },
                  "required": ["label"]
                }
                """);
            var yaml = """
                name: main
                steps:
                  - name: triage
                    type: shell
                    command: echo '{"label":"bug","score":3}'
                    schema: triage.json
                    output: r
                  - name: route
                    type: shell
                    if: "{{r.score}} >= 2 && {{r.label}} == 'idea'"
                    command: echo {{r.label}}
                """;
            var result = CompilerHarness.Compile((Path.Combine(directory, "flow.yaml"), yaml));
            Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
            StringAssert.Contains(result.Files[0], "OutputSchema = \"\"\"{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\",\"enum\":[\"bug\",\"idea\"]},\"score\":{\"type\":\"integer\"}},\"required\":[\"label\"]}\"\"\"");
            CollectionAssert.AreEqual(new[] { Path.Combine(directory, "triage.json") }, result.Dependencies.ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void AProblemInsideASchemaFileIsReportedAtItsOwnLineAndColumn()
    {
        var directory = Directory.CreateTempSubdirectory("llmc-schema-").FullName;
        try
        {
            var schemaPath = Path.Combine(directory, "bad.json");
            File.WriteAllText(schemaPath, "{\n  \"type\": \"object\",\n  \"properties\": { \"n\": { \"type\": \"number\", \"maximum\": 3 } }\n}\n");
            var yaml = """
                name: main
                steps:
                  - name: s
                    type: shell
                    command: echo '{}'
                    schema: bad.json
                """;
            var diagnostics = CompilerHarness.Compile((Path.Combine(directory, "flow.yaml"), yaml)).Diagnostics;
            var error = diagnostics.Single(d => d.Id == "LLMC2031");
            Assert.AreEqual(schemaPath, error.Span.File);
            Assert.AreEqual((3, 44), (error.Span.Line, error.Span.Column), error.ToString());
            StringAssert.Contains(error.Message, "'maximum' is not supported in a schema");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void CallOutputsSchemaFieldsAndTypedItemsAreReadableWithoutDiagnostics()
    {
        const string Yaml = """
            name: helper
            inputs:
              n: { type: number, required: true }
              flag: { type: boolean, default: false }
            outputs:
              result: "{{out}}"
            steps:
              - name: s
                type: shell
                command: echo {{n}} {{flag}}
                output: out
            ---
            name: main
            inputs:
              count: { type: number, default: 2 }
            steps:
              - name: make
                type: shell
                command: echo '{"items":[{"id":1}],"ok":true}'
                schema:
                  type: object
                  properties:
                    items: { type: array, items: { type: object, properties: { id: { type: integer } } } }
                    ok: { type: boolean }
                output: r
              - name: each
                type: workflow
                workflow: helper
                foreach: r.items
                if: "{{item.id}} > 0 && {{r.ok}}"
                with: { n: "{{item.id}}", flag: "true" }
                output: results
              - name: again
                type: workflow
                workflow: helper
                with: { n: "{{count}}" }
                output: single
              - name: show
                type: shell
                foreach: results
                command: echo {{item.result}} {{single.result}}
            """;
        var result = CompilerHarness.Compile(("flow.yaml", Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(0, result.Diagnostics.Count(d => d.Severity != LlmCompiler.Tasks.Diagnostics.DiagnosticSeverity.Info), string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Files[0], "Foreach = global::LlmCompiler.Runtime.ForeachSource.Array(\"r\", \"items\")");
    }

    [TestMethod]
    public void ANumberInputGivenABooleanVariableIsRefused()
    {
        const string Yaml = """
            name: helper
            inputs:
              n: { type: number }
            steps:
              - name: s
                type: shell
                command: echo {{n}}
            ---
            name: main
            inputs:
              yes: { type: boolean }
            steps:
              - name: call
                type: workflow
                workflow: helper
                with: { n: "{{yes}}" }
            """;
        CompilerHarness.Single(Yaml, "LLMC2027", 16, 16);
    }
}
