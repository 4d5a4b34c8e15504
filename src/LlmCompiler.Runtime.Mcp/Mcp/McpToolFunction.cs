using System.Diagnostics;
using System.Text.Json;
using LlmCompiler.Runtime.Steps;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>
/// One server tool offered to a model: named for the provider (<c>server__tool</c>, <see cref="FunctionName"/>), invoked
/// by Microsoft.Extensions.AI's function invocation through the run's connection, each call recorded in the attempt's
/// <see cref="ToolCallLog"/> as <c>server.tool</c> and its result capped before the model sees it.
/// </summary>
internal sealed class McpToolFunction : AIFunction
{
    private readonly McpConnection _connection;
    private readonly McpClientTool _tool;
    private readonly string _server;
    private readonly ToolCallLog _log;

    public McpToolFunction(string server, McpConnection connection, McpClientTool tool, ToolCallLog log)
    {
        _server = server;
        _connection = connection;
        _tool = tool;
        _log = log;
        Name = FunctionName(server, tool.Name);
    }

    public override string Name { get; }

    public override string Description => _tool.Description;

    public override JsonElement JsonSchema => _tool.JsonSchema;

    /// <summary>
    /// The function name a provider accepts: OpenAI's rule is <c>^[a-zA-Z0-9_-]{1,64}$</c>, so the server and tool are
    /// joined by <c>__</c>, other characters become <c>_</c>, and the name is cut at 64.
    /// </summary>
    public static string FunctionName(string server, string tool)
    {
        var name = new string((server + "__" + tool).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        return name.Length <= 64 ? name : name[..64];
    }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var tool = $"{_server}.{_tool.Name}";
        var json = JsonSerializer.Serialize(arguments.ToDictionary(a => a.Key, a => a.Value), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>)));
        if (!_log.TryStart())
        {
            // Over max_tool_calls: the call does not run, and the loop ends; the step fails, saying so.
            _log.Add(new ToolCallRecord(tool, json, "refused", 0, 0));
            if (FunctionInvokingChatClient.CurrentContext is { } context)
            {
                context.Terminate = true;
            }

            return $"Refused: this step allows at most {_log.MaxCalls} tool calls.";
        }

        var clock = Stopwatch.StartNew();
        string result;
        string status;
        try
        {
            result = await _connection.CallForModelAsync(_tool.Name, arguments, cancellationToken).ConfigureAwait(false);
            status = "succeeded";
        }
        catch (ToolErrorException e)
        {
            // The tool's own error goes back to the model, which may correct its arguments.
            result = e.Message;
            status = "failed";
        }

        _log.Add(new ToolCallRecord(tool, json, status, clock.Elapsed.TotalMilliseconds, result.Length));
        return _log.Cap(result);
    }
}
