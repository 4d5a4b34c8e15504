using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;

namespace LlmCompiler.Tasks.Checking;

/// <summary>
/// Checks a workflow's <c>mcp_servers</c> (a name each; <c>command</c> or <c>url</c>, not both; an absolute http(s) URL;
/// portable env names) and resolves the server a step names (LLMC2060, with did-you-mean), which the step then carries
/// to the emitter.
/// </summary>
internal sealed class McpServerBinder
{
    private readonly Dictionary<string, BoundMcpServer> _servers = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics;

    private McpServerBinder(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    public static McpServerBinder Bind(IReadOnlyList<McpServerSyntax> servers, DiagnosticBag diagnostics)
    {
        var binder = new McpServerBinder(diagnostics);
        foreach (var server in servers)
        {
            if (Names.Check(server.Name, "MCP server", diagnostics) && binder.BindServer(server) is { } bound)
            {
                binder._servers[bound.Name] = bound;
            }
        }

        return binder;
    }

    /// <summary>The step with the server it names attached, or as it is (reported) when the workflow declares no such server.</summary>
    public BoundStep Attach(StepSyntax syntax, BoundStep step)
    {
        if (syntax.Fields.Get<IReadOnlyList<ScalarSyntax>>(StepFields.Tools) is { } tools && step.Kind is ModelKind)
        {
            return AttachTools(syntax, step, tools);
        }

        if (step.Kind is not McpKind || syntax.Fields.Get<ScalarSyntax>(StepFields.Server) is not { } name)
        {
            return step;
        }

        if (_servers.TryGetValue(name.Value, out var server))
        {
            return step with { McpServer = server };
        }

        var known = _servers.Keys.Order(StringComparer.Ordinal).ToList();
        _diagnostics.Add(DiagnosticDescriptors.UnknownMcpServer, name.Span, known.Count == 0
            ? $"'server: {name.Value}' names no MCP server: the workflow declares none. Declare it under 'mcp_servers:' with a command or a url."
            : $"'server: {name.Value}' names no MCP server of this workflow.{Suggestions.DidYouMean(name.Value, known)} Its servers: {string.Join(", ", known)}.");
        return step;
    }

    /// <summary>
    /// <c>tools:</c> on a model step. local_llm is refused (LLMC2062): its in-process models have no tool-call training
    /// we can count on, and a grammar that forces a call's shape cannot make a small model choose well when to call.
    /// </summary>
    private BoundStep AttachTools(StepSyntax syntax, BoundStep step, IReadOnlyList<ScalarSyntax> tools)
    {
        if (step.Kind is not LlmKind)
        {
            _diagnostics.Add(DiagnosticDescriptors.ToolsNeedLlmStep, syntax.Fields.Keys[StepFields.Tools.Name],
                $"'tools' needs an llm step: {step.Kind.Name} steps cannot call tools. Use type: llm (an OpenAI-compatible server, which local servers such as llama-server or Ollama are too), or call the tool in an mcp step.");
            return step;
        }

        var bound = new List<(BoundMcpServer, string)>();
        foreach (var entry in tools)
        {
            var dot = entry.Value.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == entry.Value.Length - 1)
            {
                _diagnostics.Add(DiagnosticDescriptors.UnknownMcpServer, entry.Span,
                    $"'{entry.Value}' is not server.tool: write the server's name in mcp_servers, a dot and the tool's name (or * for all of its tools), e.g. everything.echo.");
                continue;
            }

            var name = entry.Value[..dot];
            if (_servers.TryGetValue(name, out var server))
            {
                bound.Add((server, entry.Value[(dot + 1)..]));
                continue;
            }

            var known = _servers.Keys.Order(StringComparer.Ordinal).ToList();
            _diagnostics.Add(DiagnosticDescriptors.UnknownMcpServer, entry.Span, known.Count == 0
                ? $"'{entry.Value}' names the MCP server '{name}', but the workflow declares none. Declare it under 'mcp_servers:'."
                : $"'{entry.Value}' names no MCP server of this workflow.{Suggestions.DidYouMean(name, known)} Its servers: {string.Join(", ", known)}.");
        }

        return step with { Tools = bound };
    }

    private BoundMcpServer? BindServer(McpServerSyntax server)
    {
        var command = server.Fields.Get<ScalarSyntax>(McpServerFields.Command);
        var url = server.Fields.Get<ScalarSyntax>(McpServerFields.Url);
        if ((command is null) == (url is null))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidMcpServer, server.Name.Span, command is null
                ? $"MCP server '{server.Name.Value}' has neither 'command' (a program over stdio) nor 'url' (a Streamable HTTP endpoint)."
                : $"MCP server '{server.Name.Value}' has both 'command' and 'url'; give one: a program over stdio, or an HTTP endpoint.");
            return null;
        }

        var valid = true;
        foreach (var (field, what) in new[] { (McpServerFields.Args, "a stdio"), (McpServerFields.Env, "a stdio") })
        {
            if (url is not null && server.Fields.Keys.TryGetValue(field.Name, out var span))
            {
                _diagnostics.Add(DiagnosticDescriptors.InvalidMcpServer, span, $"'{field.Name}' is for {what} server; MCP server '{server.Name.Value}' has a 'url'.");
                valid = false;
            }
        }

        if (command is not null && server.Fields.Keys.TryGetValue(McpServerFields.Headers.Name, out var headersSpan))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidMcpServer, headersSpan, $"'headers' is for an HTTP server; MCP server '{server.Name.Value}' has a 'command'.");
            valid = false;
        }

        if (url is not null && !IsHttpUrl(url.Value))
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidMcpServer, url.Span,
                $"'{url.Value}' is not an absolute http or https URL, such as http://127.0.0.1:8931/mcp.");
            valid = false;
        }

        var env = server.Fields.Get<IReadOnlyList<NamedTextSyntax>>(McpServerFields.Env) ?? [];
        foreach (var entry in env)
        {
            valid &= Names.CheckEnvironment(entry.Name, _diagnostics);
        }

        return valid
            ? new BoundMcpServer(server.Name.Value)
            {
                Command = command?.Value,
                Args = (server.Fields.Get<IReadOnlyList<ScalarSyntax>>(McpServerFields.Args) ?? []).Select(a => a.Value).ToList(),
                Env = env.Select(e => new KeyValuePair<string, string>(e.Name.Value, e.Value.Value)).ToList(),
                Url = url?.Value,
                Headers = (server.Fields.Get<IReadOnlyList<NamedTextSyntax>>(McpServerFields.Headers) ?? []).Select(e => new KeyValuePair<string, string>(e.Name.Value, e.Value.Value)).ToList(),
            }
            : null;
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
