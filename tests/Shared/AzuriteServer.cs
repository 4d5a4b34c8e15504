using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmCompiler.Tests.Shared;

/// <summary>
/// A private Azurite (the Azure Storage emulator) for one test class: installed by <see cref="TestTools.Azurite"/>,
/// listening on 127.0.0.1 only, on free ports, in memory, telemetry off; disposing it kills it.
/// </summary>
internal sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account: public, documented, and accepted by no real storage account.</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _location;

    private AzuriteServer(Process process, StringBuilder output, string location, int blob, int queue, int table)
    {
        _process = process;
        _output = output;
        _location = location;
        BlobPort = blob;
        QueuePort = queue;
        TablePort = table;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Gets the connection string for this instance's ports (the development account's explicit endpoints).</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>Gets the process id, so a test can check it is gone.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A connection string in Azurite's form for the given ports, whether or not anything listens there.</summary>
    public static string ConnectionStringFor(int blob, int queue, int table) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    /// <summary>Installs (once) and starts Azurite, and returns when all three services accept connections.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var script = TestTools.Azurite();
        for (var attempt = 1; ; attempt++)
        {
            // In memory, Azurite refuses --location; the working directory keeps anything else it writes out of the repository.
            // A free port can be taken by someone else between our probe and Azurite's bind: try again with new ones.
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var location = Path.Combine(Path.GetTempPath(), "llmc-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(location);
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = location,
            };
            foreach (var argument in new[]
            {
                script,
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
                "--disableTelemetry", "--silent", "--inMemoryPersistence",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var output = new StringBuilder();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new AzuriteServer(process, output, location, blob, queue, table);
            if (await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false))
            {
                return server;
            }

            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite {TestTools.AzuriteVersion} did not start:\n{server.Output}");
            }
        }
    }

    /// <summary>
    /// Freezes the emulator (SIGSTOP): it keeps its ports and its data but answers nothing, as a storage service that hangs
    /// does, until <see cref="Resume"/>. In-memory Azurite cannot be stopped and started again without losing the task hub.
    /// </summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused emulator answer again (SIGCONT), with everything it held.</summary>
    public void Resume() => Signal("-CONT");

    /// <summary>Gets what Azurite printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A file Azurite was still closing; the temp folder is cleaned by the system.
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} of Azurite failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>A port nothing listens on now, chosen by the system.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task<bool> WaitUntilListeningAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    return false;
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
