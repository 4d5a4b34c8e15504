namespace LlmCompiler.Runtime.Local;

/// <summary>Checks that a file exists and is GGUF before llama.cpp sees it, so the error names the real problem.</summary>
internal static class GgufFile
{
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    public static void Check(string path)
    {
        if (Directory.Exists(path))
        {
            throw new StepFailedException($"model '{path}' is a directory, not a GGUF file");
        }

        if (!File.Exists(path))
        {
            throw new StepFailedException($"model file not found: {path}");
        }

        Span<byte> header = stackalloc byte[8];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StepFailedException($"model file '{path}' cannot be read: {e.Message}", innerException: e);
        }

        if (read < header.Length || !header[..4].SequenceEqual(Magic))
        {
            throw new StepFailedException($"model file '{path}' is not a GGUF file (it does not start with the GGUF signature)");
        }
    }
}
