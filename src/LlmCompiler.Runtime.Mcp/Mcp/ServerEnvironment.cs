using System.Text.RegularExpressions;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>
/// What a stdio server gets to see: PATH and HOME from this program (the least a process needs: <c>npx</c> finds node
/// on PATH and keeps its cache under HOME), then the server's declared <c>env</c>. Nothing else is passed on, so
/// LLMC_* settings, API keys and other secrets in this program's environment never reach a server.
/// <c>${VAR}</c> in declared values is read from this program's environment when the server starts.
/// </summary>
internal static partial class ServerEnvironment
{
    private static readonly string[] Inherited = ["PATH", "HOME"];

    public static IReadOnlyList<KeyValuePair<string, string>> For(McpServer server)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in server.Environment)
        {
            environment[name] = Expand(server, $"env '{name}'", value);
        }

        return environment.ToList();
    }

    /// <summary>Replaces each <c>${VAR}</c> with the variable's value.</summary>
    /// <exception cref="StepFailedException">A variable is not set; the message names it, never a value.</exception>
    public static string Expand(McpServer server, string where, string text) => Reference().Replace(text, match =>
        Environment.GetEnvironmentVariable(match.Groups[1].Value)
            ?? throw new StepFailedException($"MCP server '{server.Name}': {where} reads ${{{match.Groups[1].Value}}}, which is not set"));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
