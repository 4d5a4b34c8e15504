using System.Globalization;
using System.Text.Json;
using LlmCompiler.Runtime;
using Microsoft.Extensions.AI;

namespace LlmCompiler.LocalLlm.Benchmarks;

/// <summary>
/// Grammar-constrained generation (a schema's GBNF grammar, as a local_llm step with a schema gets it) against
/// unconstrained generation of the same number of tokens on the same model, sampler settings and seed.
/// </summary>
internal static class GrammarCost
{
    /// <summary>
    /// A record of twenty fields of every kind: its grammar cannot end early (an empty array could), and its free
    /// strings make it long, so the constrained run generates hundreds of tokens from random weights.
    /// </summary>
    private static readonly string Schema = "{\"type\":\"object\",\"properties\":{" + string.Join(",", Enumerable.Range(0, 5).Select(i =>
        $"\"label{i}\":{{\"type\":\"string\",\"enum\":[\"bug\",\"feature\",\"question\"]}},\"score{i}\":{{\"type\":\"number\"}},\"urgent{i}\":{{\"type\":\"boolean\"}},\"note{i}\":{{\"type\":\"string\"}}")) + "}}";

    public static void Measure(string model, int tokens, int rounds)
    {
        var client = new LlamaModelBackend().GetClientAsync(model).AsTask().GetAwaiter().GetResult();
        using var schema = JsonDocument.Parse(Schema);
        var format = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "bench");
        Generate(client, null, 16, 1);
        Generate(client, format, 16, 1);

        var free = new List<double>();
        var constrained = new List<double>();
        var counts = new List<long>();
        for (var i = 0; i < rounds; i++)
        {
            // The constrained run decides the length (its grammar may finish before max_tokens); the unconstrained run
            // then generates exactly as many tokens, with the same seed. Which goes first alternates.
            var seed = 100 + i;
            var (count, grammarTime) = Generate(client, format, tokens, seed);
            var (freeCount, freeTime) = i % 2 == 0
                ? Generate(client, null, (int)count, seed)
                : Both(client, format, (int)count, seed, ref grammarTime);
            if (freeCount != count)
            {
                throw new InvalidOperationException($"unconstrained run stopped at {freeCount} of {count} tokens");
            }

            constrained.Add(grammarTime);
            free.Add(freeTime);
            counts.Add(count);
        }

        File.Delete(model);
        var ratio = Median(constrained) / Median(free);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grammar, up to {tokens} tokens at temperature 1, median of {rounds}: constrained {Median(constrained):0.000} ms/token, unconstrained {Median(free):0.000} ms/token, time ratio {ratio:0.00}; ratio of bests {constrained.Min() / free.Min():0.00} (tokens per run: {string.Join(", ", counts)})"));
    }

    /// <summary>Runs the unconstrained one first, then the constrained one again, so the order alternates.</summary>
    private static (long Tokens, double MillisecondsPerToken) Both(IChatClient client, ChatResponseFormat format, int tokens, int seed, ref double grammarTime)
    {
        var free = Generate(client, null, tokens, seed);
        grammarTime = Generate(client, format, tokens, seed).MillisecondsPerToken;
        return free;
    }

    /// <summary>Generates and returns the tokens and the time per token after the first (the prompt's decoding left out).</summary>
    private static (long Tokens, double MillisecondsPerToken) Generate(IChatClient client, ChatResponseFormat? format, int tokens, int seed)
    {
        var options = new ChatOptions { MaxOutputTokens = tokens, Temperature = 1f, Seed = seed, ResponseFormat = format };
        var response = client.GetResponseAsync([new ChatMessage(ChatRole.User, "Classify these reports as JSON.")], options).GetAwaiter().GetResult();
        var count = response.Usage!.OutputTokenCount!.Value;
        var metrics = response.AdditionalProperties!;
        var decoding = (double)metrics["generation_ms"]! - (double)metrics["prompt_ms"]!;
        return (count, decoding / Math.Max(1, count - 1));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
