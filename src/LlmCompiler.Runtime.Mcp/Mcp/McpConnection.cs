using System.Text.Json;
using ModelContextProtocol;
using LlmCompiler.Runtime.Processes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>
/// One running server of a run and the SDK's client connected to it: a stdio server is this program's child
/// (<see cref="ServerProcess"/>: spawned like a step, so it dies with the program even on kill -9), an HTTP server an
/// endpoint. Its tool list is read once, at the first call.
/// </summary>
internal sealed class McpConnection : IAsyncDisposable
{
    /// <summary>How long a server may take to start and answer the handshake (npx may first download it).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly McpServer _server;
    private readonly McpClient _client;
    private readonly ServerProcess? _process;
    private readonly SemaphoreSlim _toolsGate = new(1, 1);
    private IReadOnlyDictionary<string, McpClientTool>? _tools;

    private McpConnection(McpServer server, McpClient client, ServerProcess? process)
    {
        _server = server;
        _client = client;
        _process = process;
    }

    /// <summary>Gets the SDK's client.</summary>
    public McpClient Client => _client;

    /// <summary>Starts the server (stdio) or connects to it (HTTP) and completes the MCP handshake.</summary>
    /// <exception cref="StepFailedException">It could not be started or did not answer; the message names the server and quotes its stderr's end.</exception>
    public static async Task<McpConnection> StartAsync(McpServer server, TextWriter? progress, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        if (server.Url is { } url)
        {
            return await ConnectHttpAsync(server, url, timeout.Token).ConfigureAwait(false);
        }

        var environment = ServerEnvironment.For(server);
        var arguments = server.Arguments.Select(a => ServerEnvironment.Expand(server, "args", a)).ToList();
        ServerProcess process;
        try
        {
            process = ServerProcess.Start(ServerEnvironment.Expand(server, "command", server.Command!), arguments, environment, workingDirectory: null, stderrLine: null);
        }
        catch (StepFailedException e)
        {
            throw new StepFailedException($"MCP server '{server.Name}' did not start: {e.Message}");
        }

        try
        {
            var client = await McpClient.CreateAsync(new StreamClientTransport(process.Input, process.Output), Options(), cancellationToken: timeout.Token).ConfigureAwait(false);
            return new McpConnection(server, client, process);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            process.Kill();
            await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            var exit = process.Exited.IsCompleted ? $" (exit code {process.Exited.Result})" : string.Empty;
            var why = timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? $"no answer to the handshake in {StartTimeout.TotalSeconds:0} s" : e.Message;
            await process.DisposeAsync().ConfigureAwait(false);
            throw new StepFailedException($"MCP server '{server.Name}' did not start{exit}: {why}{StderrText(process)}");
        }
    }

    /// <summary>Calls a tool with arguments rendered as text, typed by the tool's input schema; returns its output.</summary>
    /// <exception cref="StepFailedException">The tool is unknown, an argument does not fit its schema, the tool reported an error, or the server has gone.</exception>
    public async Task<string> CallAsync(string tool, IReadOnlyList<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        var declared = await ToolAsync(tool, cancellationToken).ConfigureAwait(false);
        var values = ToolArguments.Convert(_server.Name, declared, arguments);
        CallToolResult result;
        try
        {
            result = await _client.CallToolAsync(tool, values, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or McpException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw Gone(e);
        }

        return ToolOutput.Read(_server.Name, tool, result);
    }

    /// <summary>Calls a tool with a model's arguments; a result with <c>isError</c> throws <see cref="ToolErrorException"/>.</summary>
    /// <exception cref="StepFailedException">The server has gone.</exception>
    public async Task<string> CallForModelAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        CallToolResult result;
        try
        {
            result = await _client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or McpException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw Gone(e);
        }

        if (result.IsError == true)
        {
            throw new ToolErrorException(ToolOutput.Text(result) is { Length: > 0 } message ? message : "the tool reported an error");
        }

        return result.StructuredContent is { } structured
            ? JsonSerializer.Serialize(structured, McpJsonElements.Default.JsonElement)
            : ToolOutput.Text(result);
    }

    /// <summary>The server's tools, read once.</summary>
    public async Task<IReadOnlyDictionary<string, McpClientTool>> ToolsAsync(CancellationToken cancellationToken)
    {
        if (_tools is { } tools)
        {
            return tools;
        }

        await _toolsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tools is null)
            {
                try
                {
                    var list = await _client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    _tools = list.ToDictionary(t => t.Name, StringComparer.Ordinal);
                }
                catch (Exception e) when (e is IOException or McpException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
                {
                    throw Gone(e);
                }
            }

            return _tools;
        }
        finally
        {
            _toolsGate.Release();
        }
    }

    /// <summary>Stops the server: the client is closed and the process (with what it started) stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        // The client first waits for the server to end; a busy server is killed by the process stop below.
        using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            try
            {
                await _client.DisposeAsync().AsTask().WaitAsync(quick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The process stop below ends it.
            }
        }

        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _toolsGate.Dispose();
    }

    private async Task<McpClientTool> ToolAsync(string tool, CancellationToken cancellationToken)
    {
        var tools = await ToolsAsync(cancellationToken).ConfigureAwait(false);
        if (tools.TryGetValue(tool, out var found))
        {
            return found;
        }

        throw new StepFailedException($"MCP server '{_server.Name}' has no tool '{tool}'.{ToolNames.DidYouMean(tool, tools.Keys)} Its tools: {string.Join(", ", tools.Keys.Order(StringComparer.Ordinal))}.");
    }

    private StepFailedException Gone(Exception e)
    {
        if (_process is { } process && process.Exited.IsCompleted)
        {
            return new StepFailedException($"MCP server '{_server.Name}' has exited (exit code {process.Exited.Result}){StderrText(process)}", innerException: e);
        }

        return new StepFailedException($"MCP server '{_server.Name}' is unreachable: {e.Message}", innerException: e);
    }

    private static string StderrText(ServerProcess process) =>
        process.StderrTail is { Length: > 0 } tail ? $". Its stderr ends: {tail}" : ". It wrote nothing to stderr.";

    private static McpClientOptions Options() => new()
    {
        ClientInfo = new Implementation { Name = "llmc", Version = typeof(McpConnection).Assembly.GetName().Version?.ToString() ?? "0" },
    };

    private static async Task<McpConnection> ConnectHttpAsync(McpServer server, string url, CancellationToken cancellationToken)
    {
        var headers = server.Headers.ToDictionary(h => h.Key, h => ServerEnvironment.Expand(server, $"header '{h.Key}'", h.Value), StringComparer.OrdinalIgnoreCase);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(ServerEnvironment.Expand(server, "url", url)),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
            Name = server.Name,
        });
        try
        {
            var client = await McpClient.CreateAsync(transport, Options(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new McpConnection(server, client, process: null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or McpException or OperationCanceledException)
        {
            // The URL is the user's text, never a header value: secrets stay out of the message.
            throw new StepFailedException($"MCP server '{server.Name}' at {url} did not answer: {e.Message}");
        }
    }
}
