using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LlmCompiler.Runtime.Answers;

/// <summary>
/// The command-line channel of a running program: a Unix socket (0600, in a 0700 directory: <see cref="AnswerSocketPath"/>)
/// that takes one request per connection, a JSON line <c>{"question", "value", "who"}</c>, and replies with a JSON line,
/// <c>{"ok": true}</c> or <c>{"error": "…"}</c>. Only the run's own broker decides; the socket carries words.
/// </summary>
internal sealed class AnswerSocket : IAsyncDisposable
{
    /// <summary>Longest request read: a structured answer is a small JSON document, not a file.</summary>
    public const int MaxRequest = 1 << 20;

    private readonly Socket _listener;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private AnswerSocket(Socket listener, string path, RunAnswers answers)
    {
        _listener = listener;
        _path = path;
        _accepting = AcceptAsync(answers, _stop.Token);
    }

    /// <summary>Listens at <paramref name="path"/>, replacing a socket a dead program left there (a live one still answers, and is refused).</summary>
    /// <exception cref="IOException">Another running program listens there (the same run file).</exception>
    public static AnswerSocket Listen(string path, RunAnswers answers)
    {
        if (File.Exists(path))
        {
            if (Connects(path))
            {
                throw new IOException($"another running program answers for this run file ('{path}')");
            }

            File.Delete(path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("the answer socket needs Unix file modes");
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
            return new AnswerSocket(listener, path, answers);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Sends one answer to the program listening at <paramref name="path"/>; <see langword="null"/> when none listens.</summary>
    /// <returns>The program's reply: <see langword="null"/> error when it took the answer.</returns>
    public static async Task<(bool Reached, string? Error)> SendAsync(string path, string question, string value, string who, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return (false, null);
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(request))
        {
            writer.WriteStartObject();
            writer.WriteString("question", question);
            writer.WriteString("value", value);
            writer.WriteString("who", who);
            writer.WriteEndObject();
        }

        await stream.WriteAsync(request.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var reply = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return (true, "the program closed the connection without a reply");
        }

        using var document = JsonDocument.Parse(reply);
        return (true, document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closing the listener ends the accept loop this way.
        }

        File.Delete(_path);
        _stop.Dispose();
    }

    private static bool Connects(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task AcceptAsync(RunAnswers answers, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            _ = ServeAsync(client, answers, cancellationToken);
        }
    }

    private static async Task ServeAsync(Socket client, RunAnswers answers, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                await using var stream = new NetworkStream(client, ownsSocket: false);
                string? error;
                try
                {
                    var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("empty request");
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    var who = root.TryGetProperty("who", out var name) ? name.GetString() ?? "unknown" : "unknown";
                    error = answers.Submit(root.GetProperty("question").GetString()!, root.GetProperty("value").GetString()!,
                        new AnswerRecord(who, DateTimeOffset.UtcNow, AnswerRecord.Cli));
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
                {
                    error = "malformed request: " + e.Message;
                }

                var reply = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(reply))
                {
                    writer.WriteStartObject();
                    if (error is null)
                    {
                        writer.WriteBoolean("ok", true);
                    }
                    else
                    {
                        writer.WriteString("error", error);
                    }

                    writer.WriteEndObject();
                }

                await stream.WriteAsync(reply.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A client that went away mid-request changes nothing.
            }
        }
    }

    /// <summary>One line, at most <see cref="MaxRequest"/> bytes; <see langword="null"/> at the end of the stream.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var one = new byte[4096];
        while (buffer.Length <= MaxRequest)
        {
            var read = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
            }

            var newline = Array.IndexOf(one, (byte)'\n', 0, read);
            buffer.Write(one, 0, newline < 0 ? read : newline);
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        throw new InvalidDataException("request too long");
    }
}
