using LlmCompiler.Tasks.Emit.Models;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit;

/// <summary>Loads the embedded Scriban templates once per process and renders models with them.</summary>
/// <remarks>
/// A <see cref="TemplateContext"/> built the default way imports Scriban's several hundred builtin functions
/// each time; the builtins are created once here and shared, read-only, by every render (renders may run in
/// parallel: each has its own context and globals).
/// </remarks>
internal static class TemplateRenderer
{
    private static readonly Lazy<Template> WorkflowTemplate = new(() => Load("Workflow.scriban"));
    private static readonly Lazy<Template> ProgramTemplate = new(() => Load("Program.scriban"));
    private static readonly Lazy<ScriptObject> Builtins = new(() => new BuiltinFunctions());

    public static string RenderWorkflowFile(FileModel model) => Render(WorkflowTemplate.Value, model);

    public static string RenderProgram(ProgramModel model) => Render(ProgramTemplate.Value, model);

    private static string Render(Template template, IScriptModel model)
    {
        var globals = model.ToScriptObject();
        var context = new TemplateContext(Builtins.Value)
        {
            StrictVariables = true,
            LoopLimit = int.MaxValue, // the default (1000) would fail a workflow with 1000 steps
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        return Normalize(template.Render(context));
    }

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
