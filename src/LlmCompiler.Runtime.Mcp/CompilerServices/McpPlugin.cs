using System.ComponentModel;
using LlmCompiler.Runtime.Mcp;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>
/// Registers a run's MCP servers (<see cref="McpServers"/>) as the backend of <c>mcp</c> steps: created when the first
/// step that needs a server runs, disposed (every server stopped) when the run ends. The package's
/// <c>build/LlmCompiler.Runtime.Mcp.props</c> announces it to the SDK. Not meant for other code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class McpPlugin : ILlmCompilerPlugin
{
    /// <inheritdoc/>
    public void Initialize(ILlmCompilerRegistrations registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        registrations.RegisterBackend(McpServers.StepKind, static context => new McpServers(context.Progress));
    }
}
