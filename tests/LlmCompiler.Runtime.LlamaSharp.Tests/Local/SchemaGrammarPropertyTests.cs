using System.Text;
using System.Text.Json;
using CsCheck;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>
/// Random schemas of the language's subset (CsCheck), each sampled under its grammar by the tiny model's random
/// weights: every reply that ends by itself is valid against its schema.
/// </summary>
[TestClass]
public sealed class SchemaGrammarPropertyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task EveryCompleteReplyUnderARandomSchemasGrammarIsValidAgainstIt()
    {
        var model = TestModels.Write("schema-property");
        var client = await new LlamaModelBackend().GetClientAsync(model);
        var complete = 0;
        var cutOff = 0;
        await Gen.Int.Select(seed => RandomSchema(new Random(seed), depth: 0)).SampleAsync(async schema =>
        {
            using var document = JsonDocument.Parse(schema);
            var validator = JsonSchema.FromText(schema);
            foreach (var seed in new[] { 1, 2 })
            {
                var options = new ChatOptions
                {
                    MaxOutputTokens = 1500,
                    Temperature = 1f,
                    Seed = seed,
                    ResponseFormat = ChatResponseFormat.ForJsonSchema(document.RootElement.Clone(), "s"),
                };
                var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "JSON please.")], options);
                if (response.FinishReason == ChatFinishReason.Length)
                {
                    Interlocked.Increment(ref cutOff);
                    continue;
                }

                using var reply = JsonDocument.Parse(response.Text);
                Assert.IsTrue(validator.Evaluate(reply.RootElement).IsValid, $"schema {schema}\nreply {response.Text}");
                Interlocked.Increment(ref complete);
            }
        }, iter: 60, threads: 1, print: schema => schema);

        TestContext.WriteLine($"{complete} complete replies valid, {cutOff} cut off by max_tokens");
        Assert.IsTrue(complete >= 100, $"only {complete} of 120 replies completed ({cutOff} cut off)");
    }

    /// <summary>A schema of the subset: objects, arrays, enums (with characters JSON and GBNF must escape), numbers, integers, booleans, descriptions.</summary>
    private static string RandomSchema(Random random, int depth)
    {
        var kind = random.Next(depth >= 3 ? 4 : 6);
        var description = random.Next(4) == 0 ? ",\"description\":\"a \\\"field\\\"\"" : string.Empty;
        return kind switch
        {
            0 => "{\"type\":\"number\"" + description + "}",
            1 => "{\"type\":\"integer\"" + description + "}",
            2 => "{\"type\":\"boolean\"" + description + "}",
            3 => "{\"type\":\"string\",\"enum\":[" + string.Join(",", Enumerable.Range(0, 1 + random.Next(3)).Select(i => JsonSerializer.Serialize(Word(random, i)))) + "]" + description + "}",
            4 => "{\"type\":\"array\",\"items\":" + RandomSchema(random, depth + 1) + description + "}",
            _ => Object(random, depth, description),
        };
    }

    private static string Object(Random random, int depth, string description)
    {
        var names = Enumerable.Range(0, 1 + random.Next(4)).Select(i => Word(random, i)).Distinct().ToList();
        var properties = string.Join(",", names.Select(n => JsonSerializer.Serialize(n) + ":" + RandomSchema(random, depth + 1)));
        var required = string.Join(",", names.Where(_ => random.Next(2) == 0).Select(n => JsonSerializer.Serialize(n)));
        return "{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[" + required + "]" + description + "}";
    }

    /// <summary>A short word, sometimes with a quote, backslash, newline or non-ASCII letter in it.</summary>
    private static string Word(Random random, int index)
    {
        var word = new StringBuilder("w" + index);
        var odd = new[] { "\"", "\\", "\n", "é", "日", "{", "}" };
        if (random.Next(3) == 0)
        {
            word.Append(odd[random.Next(odd.Length)]);
        }

        return word.ToString();
    }
}
