namespace LlmCompiler.TinyModel;

/// <summary>Writes a small llama-architecture GGUF model with seeded random weights, which llama.cpp loads and runs like any other.</summary>
/// <remarks>
/// The output is noise, but real inference: real loading, tokenizing, decoding and sampling. Two choices make it
/// useful in tests. Embedding dimension 0 is a constant that no layer writes to, and the output rows of tokens that
/// must never be generated (control tokens, non-printable bytes) weigh that dimension strongly negative, so the
/// model only ever emits printable ASCII, never ends on its own, and so runs to <c>max_tokens</c>. Weights are F32,
/// so a sequence decodes to the same tokens alone or batched with others.
/// </remarks>
public static class TinyModel
{
    private const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Writes a model to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The output path, usually ending in <c>.gguf</c>.</param>
    /// <param name="options">The shape and seed, or <see langword="null"/> for the defaults.</param>
    public static void Write(string path, TinyModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        Build(options ?? new TinyModelOptions()).WriteTo(path);
    }

    /// <summary>Writes a model to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="options">The shape and seed, or <see langword="null"/> for the defaults.</param>
    public static void Write(Stream stream, TinyModelOptions? options = null) =>
        Build(options ?? new TinyModelOptions()).WriteTo(stream);

    private static GgufWriter Build(TinyModelOptions options)
    {
        int e = options.EmbeddingLength, f = options.FeedForwardLength, h = options.HeadCount, v = TinyVocabulary.Count;
        if (e < 8 || h < 1 || e % h != 0 || f < 1 || options.BlockCount < 1 || options.ContextLength < 16)
        {
            throw new ArgumentException("The model shape is invalid: the embedding length must be at least 8 and divisible by the head count.", nameof(options));
        }

        var gguf = new GgufWriter();
        gguf.Add("general.architecture", "llama");
        gguf.Add("general.name", $"llmc-tiny-e{e}-l{options.BlockCount}-seed{options.Seed}");
        gguf.Add("general.alignment", (uint)GgufWriter.Alignment);
        gguf.Add("llama.context_length", (uint)options.ContextLength);
        gguf.Add("llama.embedding_length", (uint)e);
        gguf.Add("llama.block_count", (uint)options.BlockCount);
        gguf.Add("llama.feed_forward_length", (uint)f);
        gguf.Add("llama.attention.head_count", (uint)h);
        gguf.Add("llama.attention.head_count_kv", (uint)h);
        gguf.Add("llama.rope.dimension_count", (uint)(e / h));
        gguf.Add("llama.vocab_size", (uint)v);
        gguf.Add("llama.rope.freq_base", 10000f);
        gguf.Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        gguf.Add("tokenizer.ggml.model", "llama");
        gguf.Add("tokenizer.ggml.tokens", TinyVocabulary.Tokens);
        gguf.Add("tokenizer.ggml.scores", TinyVocabulary.Scores);
        gguf.Add("tokenizer.ggml.token_type", TinyVocabulary.Types);
        gguf.Add("tokenizer.ggml.unknown_token_id", (uint)TinyVocabulary.Unknown);
        gguf.Add("tokenizer.ggml.bos_token_id", (uint)TinyVocabulary.Begin);
        gguf.Add("tokenizer.ggml.eos_token_id", (uint)TinyVocabulary.End);
        gguf.Add("tokenizer.ggml.add_bos_token", true);
        gguf.Add("tokenizer.ggml.add_eos_token", false);
        gguf.Add("tokenizer.ggml.add_space_prefix", false);
        if (options.ChatTemplate)
        {
            gguf.Add("tokenizer.chat_template", ChatMlTemplate);
        }

        var random = new SplitMix64(options.Seed);
        gguf.AddTensor("token_embd.weight", [e, v], Embeddings(ref random, e, v));
        gguf.AddTensor("output_norm.weight", [e], Ones(e));
        gguf.AddTensor("output.weight", [e, v], Output(ref random, e, v));
        for (var layer = 0; layer < options.BlockCount; layer++)
        {
            var prefix = $"blk.{layer}.";
            gguf.AddTensor(prefix + "attn_norm.weight", [e], Ones(e));
            gguf.AddTensor(prefix + "attn_q.weight", [e, e], Matrix(ref random, e, e));
            gguf.AddTensor(prefix + "attn_k.weight", [e, e], Matrix(ref random, e, e));
            gguf.AddTensor(prefix + "attn_v.weight", [e, e], Matrix(ref random, e, e));
            gguf.AddTensor(prefix + "attn_output.weight", [e, e], KeepConstantDimension(Matrix(ref random, e, e), e));
            gguf.AddTensor(prefix + "ffn_norm.weight", [e], Ones(e));
            gguf.AddTensor(prefix + "ffn_gate.weight", [e, f], Matrix(ref random, e, f));
            gguf.AddTensor(prefix + "ffn_up.weight", [e, f], Matrix(ref random, e, f));
            gguf.AddTensor(prefix + "ffn_down.weight", [f, e], KeepConstantDimension(Matrix(ref random, f, e), f));
        }

        return gguf;
    }

    /// <summary>A matrix of <paramref name="rows"/> rows of <paramref name="inputs"/> values, scaled so activations keep their size.</summary>
    private static float[] Matrix(ref SplitMix64 random, int inputs, int rows)
    {
        var data = new float[inputs * rows];
        var scale = 1f / MathF.Sqrt(inputs);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSigned(scale);
        }

        return data;
    }

    private static float[] Embeddings(ref SplitMix64 random, int e, int v)
    {
        var data = new float[e * v];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = i % e == 0 ? 1f : random.NextSigned(0.1f);
        }

        return data;
    }

    private static float[] Output(ref SplitMix64 random, int e, int v)
    {
        var data = Matrix(ref random, e, v);
        for (var token = 0; token < v; token++)
        {
            // Dimension 0 is always large after normalization: strongly negative here rules the token out.
            data[token * e] = TinyVocabulary.IsPrintable(token) ? 0f : -2f;
        }

        return data;
    }

    /// <summary>Zeroes the row that writes residual dimension 0, so the constant from the embeddings survives every layer.</summary>
    private static float[] KeepConstantDimension(float[] data, int inputs)
    {
        Array.Clear(data, 0, inputs);
        return data;
    }

    private static float[] Ones(int count)
    {
        var data = new float[count];
        Array.Fill(data, 1f);
        return data;
    }
}
