using System.Collections.Concurrent;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Steps;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>
/// The MCP servers of one run (of one durable worker): each started once, when the first step that uses it runs, shared
/// by every step and foreach item after that, and stopped when the run ends. Two workflows that declare a server of
/// the same name and definition share one. It is also the runner of <c>mcp</c> steps.
/// </summary>
internal sealed class McpServers : IStepRunner, IStepTools, IAsyncDisposable
{
    /// <summary>The step kind this package serves.</summary>
    public const string StepKind = "mcp";

    private readonly ConcurrentDictionary<string, Lazy<Task<McpConnection>>> _servers = new(StringComparer.Ordinal);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<McpServer, Lazy<Task<McpConnection>>> _byReference = new();
    private readonly TextWriter? _progress;
    private int _started;

    public McpServers(TextWriter? progress) => _progress = progress;

    /// <summary>Gets how many servers this run has started (the benchmark asserts one per server).</summary>
    public int StartedCount => Volatile.Read(ref _started);

    public bool Runs(WorkflowStep step) => step is McpStep;

    public async Task<StepOutcome> RunAsync(StepAttempt attempt, CancellationToken cancellationToken)
    {
        var step = (McpStep)attempt.Step;
        var connection = await ConnectAsync(step.Server, cancellationToken).ConfigureAwait(false);
        var output = await connection.CallAsync(step.Tool, step.Arguments?.Invoke(attempt.Variables) ?? [], cancellationToken).ConfigureAwait(false);
        return new StepOutcome(output);
    }

    /// <summary>The functions of an llm step's allowlist: each <c>server.tool</c>, or every tool of a <c>server.*</c>.</summary>
    public async Task<IReadOnlyList<AIFunction>> ToolsAsync(ModelStep step, ToolCallLog log, CancellationToken cancellationToken)
    {
        var functions = new List<AIFunction>();
        foreach (var reference in step.Tools)
        {
            var connection = await ConnectAsync(reference.Server, cancellationToken).ConfigureAwait(false);
            var tools = await connection.ToolsAsync(cancellationToken).ConfigureAwait(false);
            if (reference.Tool == "*")
            {
                functions.AddRange(tools.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new McpToolFunction(reference.Server.Name, connection, t, log)));
            }
            else if (tools.TryGetValue(reference.Tool, out var tool))
            {
                functions.Add(new McpToolFunction(reference.Server.Name, connection, tool, log));
            }
            else
            {
                throw new StepFailedException($"MCP server '{reference.Server.Name}' has no tool '{reference.Tool}'.{ToolNames.DidYouMean(reference.Tool, tools.Keys)} Its tools: {string.Join(", ", tools.Keys.Order(StringComparer.Ordinal))}.");
            }
        }

        return functions;
    }

    /// <summary>The server's connection, started on first use; a server that failed to start fails every step that uses it, with the same message.</summary>
    /// <exception cref="StepFailedException">The server could not be started.</exception>
    public Task<McpConnection> ConnectAsync(McpServer server, CancellationToken cancellationToken)
    {
        // Steps hold their server's record for the life of the program: look it up by reference before building its key.
        var connection = _byReference.TryGetValue(server, out var known) ? known : _byReference.GetValue(server, Lookup);
        return connection.IsValueCreated && connection.Value.IsCompletedSuccessfully ? connection.Value : connection.Value.WaitAsync(cancellationToken);
    }

    private Lazy<Task<McpConnection>> Lookup(McpServer server)
    {
        return _servers.GetOrAdd(server.Key, _ => new Lazy<Task<McpConnection>>(
            () =>
            {
                Interlocked.Increment(ref _started);

                // Not the first step's token: the server outlives that step, and other steps wait for the same start.
                return McpConnection.StartAsync(server, _progress, CancellationToken.None);
            },
            LazyThreadSafetyMode.ExecutionAndPublication));
    }

    /// <summary>Stops every server this run started, all at once.</summary>
    public async ValueTask DisposeAsync()
    {
        var stops = new List<Task>();
        foreach (var lazy in _servers.Values.Where(l => l.IsValueCreated))
        {
            stops.Add(StopAsync(lazy.Value));
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
    }

    private static async Task StopAsync(Task<McpConnection> starting)
    {
        McpConnection connection;
        try
        {
            connection = await starting.ConfigureAwait(false);
        }
        catch (StepFailedException)
        {
            return; // never started: its process is gone already
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
