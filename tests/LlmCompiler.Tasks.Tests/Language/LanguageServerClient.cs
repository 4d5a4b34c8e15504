using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// A minimal Language Server Protocol client over stdio (Content-Length framed JSON-RPC), enough to drive a real
/// yaml-language-server as an editor does: initialize, open documents, collect published diagnostics, ask for
/// completion. Requests the server sends (configuration, capability registration) are answered.
/// </summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly JsonObject _settings;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentDictionary<string, (JsonArray Diagnostics, int Version)> _diagnostics = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Task _reader;
    private readonly StringBuilder _stderr = new();
    private int _nextId;
    private int _published;

    private LanguageServerClient(Process process, JsonObject settings)
    {
        _process = process;
        _settings = settings;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts the server with node and initializes it with the given <c>yaml</c> settings.</summary>
    public static async Task<LanguageServerClient> StartAsync(string serverScript, JsonObject yamlSettings)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverScript);
        start.ArgumentList.Add("--stdio");
        var client = new LanguageServerClient(Process.Start(start)!, yamlSettings);
        await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = null,
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = false } },
                    ["publishDiagnostics"] = new JsonObject(),
                },
            },
        });
        await client.NotifyAsync("initialized", new JsonObject());
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["yaml"] = yamlSettings.DeepClone() } });
        return client;
    }

    /// <summary>Opens a document and returns the diagnostics the server publishes for it once it has settled.</summary>
    public async Task<IReadOnlyList<JsonNode>> OpenAndDiagnoseAsync(string uri, string text)
    {
        var before = _diagnostics.TryGetValue(uri, out var known) ? known.Version : 0;
        await NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "yaml", ["version"] = 1, ["text"] = text },
        });

        // Validation is debounced: wait for a publication for this document, then for the server to go quiet.
        var deadline = DateTime.UtcNow + Patience;
        while (!(_diagnostics.TryGetValue(uri, out var seen) && seen.Version > before))
        {
            Ensure(DateTime.UtcNow < deadline, $"no diagnostics were published for {uri}");
            await Task.Delay(20);
        }

        int last;
        do
        {
            last = Volatile.Read(ref _published);
            await Task.Delay(300);
        }
        while (last != Volatile.Read(ref _published));

        return [.. _diagnostics[uri].Diagnostics.Select(d => d!)];
    }

    /// <summary>Returns the labels of the completion items offered at a zero-based line and character.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(string uri, int line, int character)
    {
        var result = await RequestAsync("textDocument/completion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        });
        var items = result is JsonObject list ? list["items"] as JsonArray : result as JsonArray;
        return [.. (items ?? []).Select(i => i!["label"]!.GetValue<string>())];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await RequestAsync("shutdown", null).WaitAsync(TimeSpan.FromSeconds(5));
                await NotifyAsync("exit", null);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            // A server that does not stop in time is killed below.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            _writeGate.Dispose();
        }
    }

    private async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await answer.Task.WaitAsync(Patience);
    }

    private Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeGate.WaitAsync();
        try
        {
            var stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(header);
            await stdin.WriteAsync(body);
            await stdin.FlushAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        while (await ReadMessageAsync(stdout) is { } message)
        {
            if (message["method"]?.GetValue<string>() is { } method)
            {
                if (message["id"] is { } requestId)
                {
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = Answer(method, message["params"]) });
                }
                else if (method == "textDocument/publishDiagnostics")
                {
                    var uri = message["params"]!["uri"]!.GetValue<string>();
                    var diagnostics = (JsonArray)message["params"]!["diagnostics"]!.DeepClone();
                    _diagnostics.AddOrUpdate(uri, _ => (diagnostics, 1), (_, old) => (diagnostics, old.Version + 1));
                    Interlocked.Increment(ref _published);
                }
            }
            else if (message["id"]?.GetValue<int>() is { } id && _pending.TryRemove(id, out var answer))
            {
                if (message["error"] is { } error)
                {
                    answer.SetException(new InvalidOperationException($"The language server answered with an error: {error.ToJsonString()}"));
                }
                else
                {
                    answer.SetResult(message["result"]?.DeepClone());
                }
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("The language server stopped:\n" + Stderr()));
        }
    }

    /// <summary>The answer to a request the server makes: the yaml settings for each configuration item asked for.</summary>
    private JsonNode? Answer(string method, JsonNode? parameters) => method switch
    {
        "workspace/configuration" => new JsonArray([.. ((JsonArray)parameters!["items"]!).Select(item =>
            item?["section"]?.GetValue<string>() == "yaml" ? _settings.DeepClone() : (JsonNode?)null)]),
        _ => null,
    };

    private static async Task<JsonObject?> ReadMessageAsync(Stream stream)
    {
        var length = -1;
        while (await ReadLineAsync(stream) is { } line)
        {
            if (line.Length == 0)
            {
                if (length < 0)
                {
                    continue;
                }

                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                return JsonNode.Parse(body) as JsonObject;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(one[0]);
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private void Ensure(bool condition, string what)
    {
        if (!condition)
        {
            throw new TimeoutException($"{what}; the server's stderr:\n{Stderr()}");
        }
    }
}
