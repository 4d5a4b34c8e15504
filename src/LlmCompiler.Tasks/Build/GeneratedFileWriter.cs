using System.Text;

namespace LlmCompiler.Tasks.Build;

/// <summary>
/// Writes generated files into the output directory: only those whose content changed (so unchanged files keep
/// their timestamps and Csc's inputs stay stable), each through a temporary file, and removes <c>*.g.cs</c> files
/// no workflow produces any more.
/// </summary>
internal sealed class GeneratedFileWriter(string outputDirectory)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HashSet<string> _expected = new(StringComparer.Ordinal);

    /// <summary>Gets how many files were written (the rest were already up to date).</summary>
    public int Written { get; private set; }

    /// <summary>Gets how many files were handed to <see cref="Write"/>.</summary>
    public int Total => _expected.Count;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless the file already holds exactly it.</summary>
    public void Write(string path, string content)
    {
        var fullPath = Path.GetFullPath(path);
        _expected.Add(fullPath);
        if (WriteIfChanged(fullPath, content))
        {
            Written++;
        }
    }

    /// <summary>Writes <paramref name="content"/> (UTF-8, through a temporary file) unless the file holds exactly it; returns whether it wrote.</summary>
    public static bool WriteIfChanged(string path, string content)
    {
        var fullPath = Path.GetFullPath(path);
        var bytes = Utf8.GetBytes(content);
        if (File.Exists(fullPath) && new FileInfo(fullPath).Length == bytes.Length && File.ReadAllBytes(fullPath).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, fullPath, overwrite: true);
        return true;
    }

    /// <summary>Deletes the <c>*.g.cs</c> files under the output directory that were not written or confirmed; returns how many.</summary>
    public int RemoveStaleFiles()
    {
        if (!Directory.Exists(outputDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(outputDirectory, "*.g.cs", SearchOption.AllDirectories))
        {
            if (!_expected.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }
}
