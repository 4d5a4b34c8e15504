using System.Text.Json;
using Json.Schema;
using LlmCompiler.Runtime.Local;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>
/// local_llm steps with a schema, on the generated tiny model: its weights are random, so the grammar derived from the
/// schema is the only reason its output parses.
/// </summary>
[TestClass]
public sealed class StructuredLocalTests
{
    private const string Schema = """
        {"type":"object","properties":{
          "label":{"type":"string","enum":["bug","feature","question"],"description":"the kind"},
          "confidence":{"type":"number"},
          "count":{"type":"integer"},
          "urgent":{"type":"boolean"},
          "tags":{"type":"array","items":{"type":"string","enum":["ui","api"]}},
          "owner":{"type":"object","properties":{"team":{"type":"string","enum":["core","docs"]}},"required":["team"]}},
         "required":["label","confidence","count","urgent","tags","owner"]}
        """;

    [TestMethod]
    public async Task GrammarConstrainedOutputOfRandomWeightsIsValidForTheSchemaWithEverySeed()
    {
        var model = TestModels.Write("structured");
        var schema = JsonSchema.FromText(Schema);
        for (var seed = 1; seed <= 6; seed++)
        {
            var step = new LocalLlmStep("triage", _ => "Classify: the button does nothing.")
            {
                Model = model,
                MaxTokens = 1500,
                Temperature = 1f,
                Seed = seed,
                Output = "r",
                OutputSchema = Schema,
            };

            var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], TestModels.QuietOptions());

            Assert.AreEqual(RunStatus.Succeeded, result.Status, $"seed {seed}: {result.Workflows[0].Steps[0].Error}");
            var output = result.Workflows[0].Variables["r"];
            using var document = JsonDocument.Parse(output);
            Assert.IsTrue(schema.Evaluate(document.RootElement).IsValid, $"seed {seed}: {output}");
            Assert.AreEqual(output, JsonSerializer.Serialize(document.RootElement), "the variable holds compact JSON");
            Console.WriteLine(output);
        }
    }

    [TestMethod]
    public async Task WithoutTheGrammarTheSameModelDoesNotWriteJson()
    {
        // The control for the test above: the same model and prompt, no schema.
        var model = TestModels.Write("unstructured");
        var chat = await new LlamaModelBackend().GetClientAsync(model);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Classify: the button does nothing.")],
            new ChatOptions { MaxOutputTokens = 200, Temperature = 1f, Seed = 1 });
        Assert.Throws<JsonException>(() => JsonDocument.Parse(response.Text).Dispose(), response.Text);
    }

    [TestMethod]
    public async Task AForeachStepWithASchemaHoldsAnArrayOfJsonValues()
    {
        var model = TestModels.Write("structured-foreach");
        const string Flag = """{"type":"object","properties":{"ok":{"type":"boolean"},"label":{"type":"string","enum":["a","b"]}},"required":["ok","label"]}""";
        var step = new LocalLlmStep("each", v => "Item " + v["item"])
        {
            Model = model,
            MaxTokens = 200,
            Temperature = 1f,
            Seed = 7,
            Foreach = ForeachSource.List("one", "two", "three"),
            Output = "flags",
            OutputSchema = Flag,
        };

        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], TestModels.QuietOptions());

        Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
        using var document = JsonDocument.Parse(result.Workflows[0].Variables["flags"]);
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.HasCount(3, items);
        var schema = JsonSchema.FromText(Flag);
        foreach (var item in items)
        {
            Assert.AreEqual(JsonValueKind.Object, item.ValueKind, "an entry is the value, not a string holding it");
            Assert.IsTrue(schema.Evaluate(item).IsValid, item.GetRawText());
        }
    }

    [TestMethod]
    public async Task AReplyCutOffByMaxTokensFailsTheStepSayingSo()
    {
        // Random weights seldom pick a closing quote, so a free string runs on: the grammar keeps the text JSON so far,
        // and max_tokens ends it before it is complete. (This is also why the test above uses enum strings only.)
        var model = TestModels.Write("structured-cut");
        var step = new LocalLlmStep("note", _ => "Write a note.")
        {
            Model = model,
            MaxTokens = 12,
            Temperature = 1f,
            Seed = 1,
            Output = "r",
            OutputSchema = """{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""",
        };

        var result = await WorkflowRunner.RunAsync([new Workflow("w", [step])], TestModels.QuietOptions());

        Assert.AreEqual(RunStatus.Failed, result.Status);
        var error = result.Workflows[0].Steps[0].Error!;
        StringAssert.Contains(error, "(the reply stopped at max_tokens)", error);
        StringAssert.Contains(error, "the reply starts '{\"text\":\"", error);
    }

    [TestMethod]
    public void TheGrammarSpellsEnumsAndPropertyNamesAsJsonLiterals()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"say \"hi\"":{"enum":["a\\b",1,true]}}}""");
        var grammar = JsonSchemaGrammar.FromSchema(schema.RootElement);
        StringAssert.StartsWith(grammar, "root ::= \"{\" \"\\\"say \\\\\\\"hi\\\\\\\"\\\":\" r0 \"}\"\n", grammar);
        StringAssert.Contains(grammar, "r0 ::= (\"\\\"a\\\\\\\\b\\\"\" | \"1\" | \"true\")\n", grammar);
    }
}
