namespace LlmCompiler.Tasks.Language;

/// <summary>The fields of a workflow (one YAML document, or one item of a top-level list).</summary>
internal static class WorkflowFields
{
    public static readonly FieldDescriptor Name = new("name", ValueKind.Text, "Workflow name, unique in the project (required).")
    {
        RequiredFor = StepTypes.All,
    };

    public static readonly FieldDescriptor Steps = new("steps", ValueKind.Steps, "The steps, run in order (required).")
    {
        RequiredFor = StepTypes.All,
    };

    public static readonly FieldDescriptor Inputs = new("inputs", ValueKind.Inputs, "Values given when the workflow is run, by name.");

    public static readonly FieldDescriptor Env = new("env", ValueKind.Env, "Environment variables for every shell step of the workflow, like a step's `env`; it can read inputs.");

    public static readonly FieldDescriptor Outputs = new("outputs", ValueKind.Arguments, "What a call of this workflow returns: `{ name: \"{{var}}\" }`, templates over its variables.");

    public static readonly FieldDescriptor McpServers = new("mcp_servers", ValueKind.McpServers, "The MCP servers its steps use, by name: `{ name: { command, args, env } }` (stdio) or `{ name: { url, headers } }` (Streamable HTTP).");

    public static IReadOnlyList<FieldDescriptor> All { get; } = [Name, Steps, Inputs, Env, Outputs, McpServers];
}
