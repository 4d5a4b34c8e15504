using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.DurableTask.Tests;

/// <summary>The test infrastructure's Azurite: pinned, loopback only, stopped when disposed.</summary>
[TestClass]
public sealed class AzuriteServerTests
{
    [TestMethod]
    public async Task AzuriteListensOnLoopbackOnlyAndIsGoneAfterDispose()
    {
        var server = await AzuriteServer.StartAsync();
        var pid = server.ProcessId;
        var listening = File.ReadAllText("/proc/net/tcp").Split('\n').Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A")
            .Select(f => f[1])
            .Where(local => new[] { server.BlobPort, server.QueuePort, server.TablePort }.Contains(Convert.ToInt32(local.Split(':')[1], 16)))
            .ToList();
        Assert.AreEqual(3, listening.Count, "blob, queue and table each listen once");
        CollectionAssert.AreEqual(new[] { "0100007F", "0100007F", "0100007F" }, listening.Select(l => l.Split(':')[0]).ToArray(), "127.0.0.1 only");

        await server.DisposeAsync();

        Assert.ThrowsExactly<ArgumentException>(() => Process.GetProcessById(pid));
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, server.BlobPort));
    }
}
