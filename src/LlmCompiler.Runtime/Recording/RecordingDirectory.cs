using System.Text.Json;

namespace LlmCompiler.Runtime.Recording;

/// <summary>A directory of recordings, one <c>{key}.json</c> file per request.</summary>
/// <remarks>Thread-safe: files are written to a temporary name and renamed, so a reader never sees half a file.</remarks>
internal sealed class RecordingDirectory
{
    public RecordingDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>Gets the directory's full path.</summary>
    public string Path { get; }

    /// <summary>Reads the recording of a request, or returns <see langword="null"/> when there is none.</summary>
    /// <exception cref="StepFailedException">The file exists but is not a recording.</exception>
    public async Task<ModelRecording?> FindAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var file = FileOf(request.Key);
        if (!File.Exists(file))
        {
            return null;
        }

        return Parse(file, await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Writes a recording, replacing an older one of the same request.</summary>
    public async Task WriteAsync(ModelRecording recording, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path);
        var file = FileOf(recording.Request.Key);
        var temporary = file + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        await File.WriteAllTextAsync(temporary, recording.ToFileText(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>Reads every recording of the directory, skipping files that are not recordings.</summary>
    public IEnumerable<ModelRecording> All()
    {
        if (!Directory.Exists(Path))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(Path, "*.json").Order(StringComparer.Ordinal))
        {
            ModelRecording? recording;
            try
            {
                recording = ModelRecording.Parse(File.ReadAllText(file));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
            {
                continue;
            }

            yield return recording;
        }
    }

    private string FileOf(string key) => System.IO.Path.Combine(Path, key + ".json");

    private static ModelRecording Parse(string file, string text)
    {
        try
        {
            return ModelRecording.Parse(text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new StepFailedException($"the recording '{file}' cannot be read: {e.Message}");
        }
    }
}
