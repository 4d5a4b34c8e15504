namespace LlmCompiler.TinyModel;

/// <summary>
/// The 262-token vocabulary: unknown, BOS, EOS, the 256 byte tokens, the SentencePiece space and the two ChatML markers.
/// Byte tokens let any text tokenize; the space token keeps a space to one token instead of three.
/// </summary>
internal static class TinyVocabulary
{
    public const int Unknown = 0;
    public const int Begin = 1;
    public const int End = 2;
    public const int FirstByte = 3;
    public const int Space = FirstByte + 256;
    public const int ImStart = Space + 1;
    public const int ImEnd = Space + 2;
    public const int Count = ImEnd + 1;

    // llama.cpp token types.
    private const int Normal = 1;
    private const int UnknownType = 2;
    private const int Control = 3;
    private const int ByteType = 6;

    public static IReadOnlyList<string> Tokens { get; } = BuildTokens();

    public static IReadOnlyList<int> Types { get; } = Enumerable.Range(0, Count).Select(TypeOf).ToArray();

    public static IReadOnlyList<float> Scores { get; } = new float[Count];

    /// <summary>Returns whether generating the token yields visible ASCII text (or a newline), the only tokens the model may emit.</summary>
    public static bool IsPrintable(int token) =>
        token == Space || (token >= FirstByte && token < Space && (token - FirstByte is '\n' or (>= 0x20 and < 0x7F)));

    private static string[] BuildTokens()
    {
        var tokens = new string[Count];
        tokens[Unknown] = "<unk>";
        tokens[Begin] = "<s>";
        tokens[End] = "</s>";
        for (var b = 0; b < 256; b++)
        {
            tokens[FirstByte + b] = $"<0x{b:X2}>";
        }

        tokens[Space] = "\u2581";
        tokens[ImStart] = "<|im_start|>";
        tokens[ImEnd] = "<|im_end|>";
        return tokens;
    }

    private static int TypeOf(int token) => token switch
    {
        Unknown => UnknownType,
        Begin or End or ImStart or ImEnd => Control,
        Space => Normal,
        _ => ByteType,
    };
}
