using System.Text.Json.Serialization;

namespace LlmCompiler.Runtime.Mcp;

/// <summary>Source-generated JSON for the few values this package writes itself (trimming-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class McpJson : JsonSerializerContext;
