using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Syntax;
using YamlDotNet.Core;

namespace LlmCompiler.Tasks.Parsing;

/// <summary>
/// Reads a workflow file into <see cref="WorkflowSyntax"/>: each YAML document is a workflow (or a list of
/// workflows), with every value's position kept. Fields are read by the <see cref="LanguageTable"/>'s rows
/// (<see cref="FieldReader"/>); shape problems are reported and reading goes on.
/// </summary>
internal sealed class WorkflowParser
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly FieldReader _reader;

    private WorkflowParser(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _reader = new FieldReader(source, diagnostics);
    }

    public static IReadOnlyList<WorkflowSyntax> Parse(SourceText source, DiagnosticBag diagnostics)
    {
        var parser = new WorkflowParser(source, diagnostics);
        var errorsBefore = diagnostics.HasErrors;
        var workflows = new List<WorkflowSyntax>();
        foreach (var document in YamlTreeReader.Read(source, diagnostics))
        {
            switch (document)
            {
                case YamlScalar { Value.Length: 0, Style: ScalarStyle.Plain }:
                    break; // An empty document, e.g. a trailing '---'.
                case YamlSequence list:
                    foreach (var item in list.Items)
                    {
                        parser.AddWorkflow(item, workflows);
                    }

                    break;
                default:
                    parser.AddWorkflow(document, workflows);
                    break;
            }
        }

        if (workflows.Count == 0 && !diagnostics.HasErrors && !errorsBefore)
        {
            diagnostics.Add(DiagnosticDescriptors.EmptyFile, SourceSpan.At(source.Path, 1, 1),
                "The file holds no workflow. Each YAML document should be a mapping with 'name' and 'steps'.");
        }

        return workflows;
    }

    private void AddWorkflow(YamlNode node, List<WorkflowSyntax> workflows)
    {
        if (_reader.Expect<YamlMapping>(node, "a workflow (a mapping with 'name' and 'steps')") is not { } mapping)
        {
            return;
        }

        ScalarSyntax? name = null;
        var steps = new List<StepSyntax>();
        IReadOnlyList<InputSyntax> inputs = [];
        IReadOnlyList<EnvSyntax> env = [];
        IReadOnlyList<ArgumentSyntax> outputs = [];
        IReadOnlyList<McpServerSyntax> servers = [];
        foreach (var (key, value) in _reader.KnownEntries(mapping, WorkflowFields.All, "workflow"))
        {
            switch (WorkflowFields.All.First(f => f.Name == key.Value).Kind)
            {
                case ValueKind.Steps:
                    steps = Steps(value);
                    break;
                case ValueKind.Inputs:
                    inputs = Inputs(value);
                    break;
                case ValueKind.McpServers:
                    servers = McpServers(value);
                    break;
                case ValueKind.Env:
                    env = _reader.Value(WorkflowFields.Env, value) as IReadOnlyList<EnvSyntax> ?? [];
                    break;
                case ValueKind.Arguments:
                    outputs = _reader.Value(WorkflowFields.Outputs, value) as IReadOnlyList<ArgumentSyntax> ?? [];
                    break;
                case ValueKind.Text:
                    name = _reader.Text(value, key.Value);
                    break;
            }
        }

        var span = _reader.Span(mapping);
        if (name is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, span, "The workflow has no 'name'.");
        }

        if (!mapping.Entries.Any(e => e.Key.Value == WorkflowFields.Steps.Name))
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingField, span, $"The workflow '{name?.Value}' has no 'steps'.");
        }

        workflows.Add(new WorkflowSyntax(span, name, steps) { Inputs = inputs, Env = env, Outputs = outputs, McpServers = servers });
    }

    private List<StepSyntax> Steps(YamlNode node)
    {
        var steps = new List<StepSyntax>();
        if (_reader.Expect<YamlSequence>(node, "a list of steps") is { } list)
        {
            foreach (var item in list.Items)
            {
                if (_reader.Expect<YamlMapping>(item, "a step (a mapping with 'name' and 'type')") is { } mapping)
                {
                    steps.Add(new StepSyntax(_reader.Read(mapping, StepFields.All, "step")));
                }
            }
        }

        return steps;
    }

    /// <summary><c>mcp_servers:</c> a mapping from server name to its settings.</summary>
    private List<McpServerSyntax> McpServers(YamlNode node)
    {
        var servers = new List<McpServerSyntax>();
        if (_reader.Expect<YamlMapping>(node, "a mapping of MCP server names to their settings") is not { } mapping)
        {
            return servers;
        }

        foreach (var (key, value) in _reader.UniqueEntries(mapping, "MCP server"))
        {
            if (_reader.Expect<YamlMapping>(value, $"the settings of MCP server '{key.Value}' (command, args, env; or url, headers)") is { } settings)
            {
                servers.Add(new McpServerSyntax(new ScalarSyntax(_source, key), _reader.Read(settings, McpServerFields.All, "server")));
            }
        }

        return servers;
    }

    /// <summary><c>inputs:</c> a mapping from input name to its settings (an empty value means all defaults).</summary>
    private List<InputSyntax> Inputs(YamlNode node)
    {
        var inputs = new List<InputSyntax>();
        if (_reader.Expect<YamlMapping>(node, "a mapping of input names to their settings") is not { } mapping)
        {
            return inputs;
        }

        foreach (var (key, value) in _reader.UniqueEntries(mapping, "input"))
        {
            var name = new ScalarSyntax(_source, key);
            if (value is YamlScalar { Value.Length: 0, Style: ScalarStyle.Plain })
            {
                inputs.Add(new InputSyntax(name, FieldValues.Empty(name.Span)));
            }
            else if (_reader.Expect<YamlMapping>(value, $"the settings of input '{key.Value}' (type, default, required, description)") is { } settings)
            {
                inputs.Add(new InputSyntax(name, _reader.Read(settings, name.Span, InputFields.All, "input")));
            }
        }

        return inputs;
    }
}
