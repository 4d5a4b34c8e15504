using LLama.Native;

namespace LlmCompiler.Runtime.Local;

/// <summary>Routes llama.cpp's own log: nowhere by default, to the file named by <see cref="LlamaModelBackend.NativeLogVariable"/> when set.</summary>
/// <remarks>
/// llama.cpp prints about 175 lines per model load to stderr unless a callback is installed before its first call,
/// and a null callback means "stderr" to it, so silence needs a callback that drops the text.
/// </remarks>
internal static class NativeLog
{
    private static readonly object Gate = new();
    private static NativeLogConfig.LLamaLogCallback? _callback;
    private static StreamWriter? _file;

    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (_callback is not null)
            {
                return;
            }

            var path = Environment.GetEnvironmentVariable(LlamaModelBackend.NativeLogVariable);
            if (!string.IsNullOrEmpty(path))
            {
                var full = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                _file = new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                _callback = Write;
            }
            else
            {
                _callback = static (_, _) => { };
            }

            try
            {
                // Also covers the messages printed while the native library itself loads.
                NativeLibraryConfig.All.WithLogCallback(_callback);
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
            {
                // The library was loaded already (by user code); llama_log_set below still applies.
            }

            NativeLogConfig.llama_log_set(_callback);
        }
    }

    private static void Write(LLamaLogLevel level, string message)
    {
        lock (Gate)
        {
            _file?.Write(message);
        }
    }
}
