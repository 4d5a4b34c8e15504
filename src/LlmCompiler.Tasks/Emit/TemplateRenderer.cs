using Scriban;

namespace LlmCompiler.Tasks.Emit;

/// <summary>Loads the embedded Scriban templates once per process and renders models with them.</summary>
internal static class TemplateRenderer
{
    private static readonly Lazy<Template> WorkflowTemplate = new(() => Load("Workflow.scriban"));
    private static readonly Lazy<Template> ProgramTemplate = new(() => Load("Program.scriban"));

    public static string RenderWorkflowFile(FileModel model) => Normalize(WorkflowTemplate.Value.Render(model));

    public static string RenderProgram(ProgramModel model) => Normalize(ProgramTemplate.Value.Render(model));

    private static Template Load(string name)
    {
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream("LlmCompiler.Templates." + name)
            ?? throw new InvalidOperationException($"The template {name} is missing from the task assembly.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"The template {name} does not parse: {string.Join("; ", template.Messages)}");
        }

        return template;
    }

    /// <summary>One line ending everywhere, whatever the checkout did to the template files: output is byte-identical across machines.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
