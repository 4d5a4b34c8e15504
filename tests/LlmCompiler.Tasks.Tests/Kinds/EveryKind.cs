using System.Text;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Tests.Kinds;

/// <summary>
/// A workflow file with one step of every registered kind, each written from the fields its kind requires, and
/// the workflow a calling step runs: tests that must cover every kind walk this instead of listing the types.
/// </summary>
internal static class EveryKind
{
    /// <summary>The workflow holding one step per kind; its generated class is <see cref="ClassName"/> in namespace <c>Tests</c>.</summary>
    public const string Workflow = "every_kind";

    public const string ClassName = "Tests.EveryKindWorkflow";

    /// <summary>The workflow a kind's text fields name (a call's target, the MCP server declared below; any text elsewhere, such as a model path).</summary>
    public const string Callee = "called";

    /// <summary>Gets the file: step <c>s{i}</c> is of kind <c>StepKinds.All[i]</c>.</summary>
    public static string Yaml { get; } = Write();

    private static string Write()
    {
        // An mcp step's server must be declared: one named like the callee, so every text sample is the same word.
        var yaml = new StringBuilder($"name: {Workflow}\nmcp_servers:\n  {Callee}:\n    command: \"true\"\nsteps:\n");
        for (var i = 0; i < StepKinds.All.Count; i++)
        {
            var kind = StepKinds.All[i];
            yaml.Append($"  - name: s{i}\n    type: {kind.Name}\n");
            foreach (var field in LanguageTable.Step.Where(f => f.IsRequiredFor(kind.Flag) && f.RequiredFor != StepTypes.All))
            {
                yaml.Append($"    {field.Name}: {Sample(field, kind)}\n");
            }
        }

        return yaml.Append($"---\nname: {Callee}\nsteps:\n  - name: s\n    type: shell\n    command: \"true\"\n").ToString();
    }

    private static string Sample(FieldDescriptor field, StepKind kind) => field.Kind switch
    {
        ValueKind.Template => "x",
        ValueKind.Text => Callee,
        _ => throw new AssertFailedException($"EveryKind has no sample value for '{field.Name}' ({field.Kind}), which {kind.Name} steps require; add one."),
    };
}
