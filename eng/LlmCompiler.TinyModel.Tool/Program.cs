using System.Globalization;
using LlmCompiler.TinyModel;

// Writes a tiny GGUF model with seeded random weights: for the quickstart and for trying local_llm steps without a download.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: tiny-gguf <out.gguf> [--seed N] [--embedding N] [--layers N] [--heads N] [--ffn N] [--no-chat-template]");
    return args.Length == 0 ? 2 : 0;
}

var options = new TinyModelOptions();
for (var i = 1; i < args.Length; i++)
{
    int Next() => i + 1 < args.Length ? int.Parse(args[++i], CultureInfo.InvariantCulture) : throw new ArgumentException($"{args[i]} needs a value");
    options = args[i] switch
    {
        "--seed" => options with { Seed = (ulong)Next() },
        "--embedding" => options with { EmbeddingLength = Next() },
        "--layers" => options with { BlockCount = Next() },
        "--heads" => options with { HeadCount = Next() },
        "--ffn" => options with { FeedForwardLength = Next() },
        "--no-chat-template" => options with { ChatTemplate = false },
        _ => throw new ArgumentException($"unknown option '{args[i]}'"),
    };
}

TinyModel.Write(args[0], options);
Console.WriteLine($"wrote {Path.GetFullPath(args[0])} ({new FileInfo(args[0]).Length:N0} bytes; random weights: its output is noise)");
return 0;
