using LlmCompiler.TinyModel;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Local;

/// <summary>Real llama.cpp inference on generated models through the local backend's <see cref="IChatClient"/>.</summary>
[TestClass]
public sealed class LocalChatClientTests
{
    private static readonly LlamaModelBackend Backend = new();

    private static async Task<ChatResponse> AskAsync(string model, string prompt, ChatOptions? options = null, string? system = null)
    {
        using var client = await Backend.GetClientAsync(model);
        List<ChatMessage> messages = system is null ? [] : [new ChatMessage(ChatRole.System, system)];
        messages.Add(new ChatMessage(ChatRole.User, prompt));
        return await client.GetResponseAsync(messages, options);
    }

    [TestMethod]
    public async Task TheSamePromptAndSeedRepeatExactlyGreedyAndSampled()
    {
        var model = TestModels.Write("determinism");
        var greedy = new ChatOptions { MaxOutputTokens = 48, Temperature = 0 };
        var first = await AskAsync(model, "Tell me something.", greedy);
        var second = await AskAsync(model, "Tell me something.", greedy);
        Assert.AreEqual(48, first.Text.Length > 0 ? first.Usage!.OutputTokenCount : -1, first.Text);
        Assert.AreEqual(first.Text, second.Text);

        // Default sampling (temperature 0.8, the fixed default seed) repeats too; another seed changes the text.
        var sampled = new ChatOptions { MaxOutputTokens = 48 };
        var third = await AskAsync(model, "Tell me something.", sampled);
        Assert.AreEqual(third.Text, (await AskAsync(model, "Tell me something.", sampled)).Text);
        var reseeded = await AskAsync(model, "Tell me something.", new ChatOptions { MaxOutputTokens = 48, Seed = 7 });
        Assert.AreNotEqual(third.Text, reseeded.Text);
    }

    [TestMethod]
    public async Task MaxTokensIsTheNumberOfGeneratedTokensAndTheOutputIsPrintable()
    {
        var model = TestModels.Write("max-tokens");
        foreach (var max in new[] { 1, 5, 70 })
        {
            var response = await AskAsync(model, "Count.", new ChatOptions { MaxOutputTokens = max });
            Assert.AreEqual(max, response.Usage!.OutputTokenCount);
            Assert.AreEqual(ChatFinishReason.Length, response.FinishReason);
            Assert.IsTrue(response.Text.Length is > 0 and <= 70, response.Text);
            Assert.IsTrue(response.Text.All(c => c == '\n' || c is >= ' ' and <= '~'), response.Text);
        }
    }

    [TestMethod]
    public async Task GenerationEndsBeforeTheFirstStopSequence()
    {
        var model = TestModels.Write("stop");
        var options = new ChatOptions { MaxOutputTokens = 64, Temperature = 0 };
        var full = (await AskAsync(model, "Say a lot.", options)).Text;
        Assert.IsTrue(full.Length >= 20, full);
        var stop = full.Substring(10, 2);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await AskAsync(model, "Say a lot.", new ChatOptions { MaxOutputTokens = 64, Temperature = 0, StopSequences = ["\u0001never", stop] });
        Assert.AreEqual(expected, stopped.Text);
        Assert.AreEqual(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.IsTrue(stopped.Usage!.OutputTokenCount < 64);
    }

    [TestMethod]
    public async Task StreamingGivesTheSameTextAsOneResponse()
    {
        var model = TestModels.Write("streaming");
        var options = new ChatOptions { MaxOutputTokens = 40, Temperature = 0, StopSequences = ["zz"] };
        var whole = await AskAsync(model, "Stream.", options);
        using var client = await Backend.GetClientAsync(model);
        var pieces = new List<string>();
        UsageDetails? usage = null;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Stream.")], options))
        {
            pieces.Add(update.Text);
            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
        }

        Assert.IsTrue(pieces.Count(p => p.Length > 0) > 1, "text arrives in pieces while it is generated");
        Assert.AreEqual(whole.Text, string.Concat(pieces));
        Assert.AreEqual(whole.Usage!.OutputTokenCount, usage!.OutputTokenCount);
    }

    [TestMethod]
    public async Task TheChatTemplateFormatsThePromptWhenTheModelHasOneAndPlainTextOtherwise()
    {
        var templated = TestModels.Write("template");
        var plain = TestModels.Write("plain", new TinyModelOptions { ChatTemplate = false });
        var options = new ChatOptions { MaxOutputTokens = 4, Temperature = 0 };

        // Plain: BOS, then one byte token per character (the vocabulary has byte tokens only).
        Assert.AreEqual(1 + "abc".Length, (await AskAsync(plain, "abc", options)).Usage!.InputTokenCount);
        Assert.AreEqual(1 + "sys\n\nabc".Length, (await AskAsync(plain, "abc", options, system: "sys")).Usage!.InputTokenCount);

        // ChatML: <|im_start|>user\nabc<|im_end|>\n<|im_start|>assistant\n, markers being single tokens.
        Assert.AreEqual(1 + 1 + "user\nabc".Length + 1 + 1 + 1 + "assistant\n".Length, (await AskAsync(templated, "abc", options)).Usage!.InputTokenCount);
    }

    [TestMethod]
    public async Task ResponsesCarryTheMetricsTheRunFileRecords()
    {
        var model = TestModels.Write("metrics");
        var response = await AskAsync(model, "Hi.", new ChatOptions { MaxOutputTokens = 8 });
        var properties = response.AdditionalProperties!;
        Assert.AreEqual(1L, properties["model_loads"]);
        foreach (var key in new[] { "load_ms", "generation_ms", "prompt_ms", "queue_ms" })
        {
            Assert.IsInstanceOfType<double>(properties[key], key);
            Assert.IsTrue((double)properties[key]! >= 0, key);
        }

        Assert.IsTrue((double)properties["generation_ms"]! > 0);
        Assert.AreEqual(model, response.ModelId);
    }

    [TestMethod]
    public async Task CancellationStopsAGenerationAndTheModelServesTheNextRequest()
    {
        var model = TestModels.Write("cancel");
        using var client = await Backend.GetClientAsync(model);
        using var cancellation = new CancellationTokenSource();
        var pieces = 0;
        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            var options = new ChatOptions { MaxOutputTokens = 50_000 };
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Go on forever.")], options, cancellation.Token))
            {
                if (++pieces == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.IsTrue(pieces >= 3);

        // The cancelled sequence leaves the batch long before its 50,000 tokens (the wait is only a hang guard).
        var decoder = (await LlmCompiler.Runtime.Local.ModelCache.GetAsync(model, CancellationToken.None)).Decoder;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (decoder.Running > 0)
        {
            await Task.Delay(5, guard.Token);
        }

        Assert.IsTrue(decoder.TokensSampled < 50_000, $"{decoder.TokensSampled} tokens sampled");
        var after = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Again.")], new ChatOptions { MaxOutputTokens = 5 });
        Assert.AreEqual(5, after.Usage!.OutputTokenCount);
    }

    [TestMethod]
    public async Task LeavingAStreamEarlyEndsItsGenerationAndFreesTheSequence()
    {
        var model = TestModels.Write("stream-break");
        using var client = await Backend.GetClientAsync(model);
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Forever.")], new ChatOptions { MaxOutputTokens = 50_000 }))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        // The abandoned sequence leaves the batch long before its 50,000 tokens (the wait is only a hang guard).
        var decoder = (await LlmCompiler.Runtime.Local.ModelCache.GetAsync(model, CancellationToken.None)).Decoder;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (decoder.Running > 0)
        {
            await Task.Delay(5, guard.Token);
        }

        Assert.IsTrue(decoder.TokensSampled < 50_000, $"{decoder.TokensSampled} tokens sampled");
        var next = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "next")], new ChatOptions { MaxOutputTokens = 3 });
        Assert.AreEqual(3, next.Usage!.OutputTokenCount);
    }

    [TestMethod]
    public async Task MissingTruncatedAndNonGgufFilesFailWithTheResolvedPath()
    {
        var missing = Path.Combine(TestModels.Directory, "no-such-model.gguf");
        var error = await Assert.ThrowsExactlyAsync<StepFailedException>(async () => await Backend.GetClientAsync(missing));
        Assert.AreEqual($"model file not found: {missing}", error.Message);

        var notGguf = Path.Combine(TestModels.Directory, Guid.NewGuid().ToString("N") + "-text.gguf");
        await File.WriteAllTextAsync(notGguf, "this is not a model, just some text that is long enough");
        error = await Assert.ThrowsExactlyAsync<StepFailedException>(async () => await Backend.GetClientAsync(notGguf));
        Assert.AreEqual($"model file '{notGguf}' is not a GGUF file (it does not start with the GGUF signature)", error.Message);

        var truncated = TestModels.Write("truncated");
        var bytes = await File.ReadAllBytesAsync(truncated);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        error = await Assert.ThrowsExactlyAsync<StepFailedException>(async () => await Backend.GetClientAsync(truncated));
        StringAssert.StartsWith(error.Message, $"model file '{truncated}' could not be loaded");

        // A relative reference names the resolved, full path.
        error = await Assert.ThrowsExactlyAsync<StepFailedException>(async () => await Backend.GetClientAsync("relative/missing.gguf"));
        Assert.AreEqual($"model file not found: {Path.GetFullPath("relative/missing.gguf")}", error.Message);
    }
}
