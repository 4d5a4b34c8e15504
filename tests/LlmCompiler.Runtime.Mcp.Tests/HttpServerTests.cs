using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.Runtime.Mcp.Tests;

/// <summary>Streamable HTTP: server-everything in its streamableHttp mode on 127.0.0.1, reached by url with a header.</summary>
[TestClass]
public sealed class HttpServerTests
{
    [TestMethod]
    public async Task AnHttpServerIsCalledByUrlWithItsHeadersReadFromTheEnvironment()
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo(TestTools.ServerEverything(), ["streamableHttp"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(startInfo)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitForPortAsync(port, process);
            Environment.SetEnvironmentVariable("MCP_HTTP_TEST_TOKEN", "secret-token");
            var server = new McpServer("remote")
            {
                Url = $"http://127.0.0.1:{port}/mcp",
                Headers = [new("Authorization", "Bearer ${MCP_HTTP_TEST_TOKEN}")],
            };

            var (result, _, log) = await Everything.RunAsync(new Workflow("w", [Everything.Call("sum", server, "get-sum", ("a", "20"), ("b", "22"))]));

            Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
            Assert.AreEqual("The sum of 20 and 22 is 42.", result.Workflows[0].Variables["sum"]);
            Assert.DoesNotContain("secret-token", log + RunFile.ToJson(result, "test"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [TestMethod]
    public async Task AnHttpServerThatDoesNotAnswerFailsTheStepNamingIt()
    {
        var server = new McpServer("down") { Url = $"http://127.0.0.1:{FreePort()}/mcp" };
        var (result, _, _) = await Everything.RunAsync(new Workflow("w", [Everything.Call("sum", server, "get-sum")]));

        StringAssert.Contains(result.Workflows[0].Steps[0].Error, "MCP server 'down' at http://127.0.0.1:");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.IsFalse(process.HasExited, "the HTTP server exited");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail($"nothing listens on {port}");
    }
}
