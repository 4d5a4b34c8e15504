using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Emit.Models;
using LlmCompiler.Tasks.Emit.Shell;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Kinds;

/// <summary>
/// <c>type: shell</c>: a command run by sh, bash or pwsh. Its template values never become shell text: the command is
/// rewritten to read them from environment variables quoted for where they stand, and positions no quoting can reach
/// are errors at build time.
/// </summary>
internal sealed class ShellKind : StepKind
{
    public ShellKind()
        : base("shell", "A command run by a shell.", StepTypes.Shell)
    {
    }

    public override string RuntimeType => "ShellStep";

    public override MermaidShape Shape => MermaidShape.Rectangle;

    public override void Check(BoundStep step, DiagnosticBag diagnostics)
    {
        if (step.Command is { } command)
        {
            ShellTemplateChecker.Check(command, step.Shell, diagnostics);
        }
    }

    public override StepConstruction Construct(BoundStep step, Func<string, string> classOf)
    {
        var command = ShellCommandRewriter.Rewrite(step.Command!, step.Shell);
        return new StepConstruction(CSharpLiteral.String(command.Command))
        {
            Environment = command.Environment
                .Select(e => $"new({CSharpLiteral.String(e.Key)}, {ExpressionEmitter.Variable(step.Command!.Variables.First(p => p.Name == e.Value))})")
                .ToList(),
            Properties = command.IntegerValues.Count == 0
                ? []
                : [new PropertyModel("IntegerValues", $"new global::LlmCompiler.Runtime.ShellIntegerValue[] {{ {string.Join(", ", command.IntegerValues.Select(v =>
                    $"new({CSharpLiteral.String(v.Variable)}, {CSharpLiteral.String(v.Template)}, {CSharpLiteral.String(v.Where)})"))} }}")],
        };
    }
}
