using System.Security.Cryptography;
using System.Text;

namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// Where a running program listens for <c>app answer</c>: a Unix socket named after its run file's full path, in a
/// directory only its user can enter (<c>$XDG_RUNTIME_DIR/llmc</c>, else <c>/tmp/llmc-{uid}</c>, mode 0700). The socket
/// itself is 0600, so only the same user can connect; socket paths are short (108 bytes), hence a hash, not the path.
/// </summary>
internal static class AnswerSocketPath
{
    public static string For(string runFile)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(runFile))))[..32].ToLowerInvariant();
        return Path.Combine(Directory(), hash + ".sock");
    }

    /// <summary>The directory, created 0700 if missing; one owned by someone else, or open to others, is refused.</summary>
    /// <exception cref="IOException">The directory is not the user's own.</exception>
    public static string Directory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the answer socket needs Unix file modes; on Windows answer at the terminal or with a scripted answer");
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var directory = string.IsNullOrEmpty(runtime)
            ? Path.Combine(Path.GetTempPath(), "llmc-" + Processes.Posix.PosixNative.UserId().ToString(System.Globalization.CultureInfo.InvariantCulture))
            : Path.Combine(runtime, "llmc");
        if (!System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var mode = File.GetUnixFileMode(directory);
        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new IOException($"'{directory}' is open to other users; the answer socket needs a directory only you can use (chmod 700 it)");
        }

        return directory;
    }
}
