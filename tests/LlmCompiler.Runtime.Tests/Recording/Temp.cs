namespace LlmCompiler.Runtime.Tests.Recording;

/// <summary>Fresh directories under the system's temporary folder, one per call.</summary>
internal static class Temp
{
    public static string Directory()
    {
        var path = Path.Combine(Path.GetTempPath(), "llmc-recording-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
