using LlmCompiler.Tasks.Checking;
using LlmCompiler.Tasks.Diagnostics;
using LlmCompiler.Tasks.Emit;
using LlmCompiler.Tasks.Emit.Models;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Parsing;
using Microsoft.CodeAnalysis;

namespace LlmCompiler.Tasks.Tests.Kinds;

/// <summary>
/// A kind that only this test knows goes through the stages after binding (emitter, graph, backend check) with
/// nothing but its own class: they ask the kind, never a list of types. The registry itself is static (the task
/// keeps no mutable statics, and builds may run in parallel), so such a kind cannot be written as <c>type:</c> in
/// YAML here; registering one is a line in <see cref="StepKinds.All"/>.
/// </summary>
[TestClass]
public sealed class TestOnlyKindTests
{
    private static readonly ProbeKind Probe = new();

    [TestMethod]
    public void TheEmitterConstructsTheKindsRuntimeStepAndTheCodeCompiles()
    {
        var file = FileWith(Probe);
        var code = new CSharpEmitter("Tests", [file]).EmitFile(file, "probe.yaml");
        StringAssert.Contains(code, "new global::LlmCompiler.Runtime.ShellStep(\"p\", \"echo probe\")\n            {\n                Output = \"probed\",\n            },");
        var errors = RoslynCompiler.Diagnose([code], OutputKind.DynamicallyLinkedLibrary);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
    }

    [TestMethod]
    public void TheGraphDrawsTheKindsShapeAndName() =>
        StringAssert.Contains(MermaidGraph.Write([FileWith(Probe)]), "w0s0{{\"p<br/><i>probe</i>\"}}\n");

    [TestMethod]
    public void TheBackendCheckNamesTheKindsPackageAndPropertyUntilTheBackendIsThere()
    {
        var diagnostics = new DiagnosticBag();
        ModelBackendCheck.Check([FileWith(Probe)], [], diagnostics);
        var error = diagnostics.Items.Single();
        Assert.AreEqual("LLMC0007", error.Id);
        StringAssert.StartsWith(error.Message, "The probe step 'p' needs a backend, but the project does not reference Probe.Backend. Remove ProbeAddBackend=false");

        diagnostics = new DiagnosticBag();
        ModelBackendCheck.Check([FileWith(Probe)], ["probe"], diagnostics);
        Assert.AreEqual(0, diagnostics.Items.Count);
    }

    /// <summary>A checked file whose one workflow has one step of <paramref name="kind"/> (bound fields set by hand: binding needs the registry).</summary>
    private static CheckedFile FileWith(StepKind kind)
    {
        var span = SourceSpan.At("probe.yaml", 1, 1);
        var step = new BoundStep("p", kind, span, new BoundFields([new(StepFields.Output, "probed")]));
        return new CheckedFile(new SourceText("probe.yaml", string.Empty), [new BoundWorkflow("probe", span, [step])]);
    }

    /// <summary>A kind of its own bit (no field row names it), drawn as a hexagon, run by a package of its own.</summary>
    private sealed class ProbeKind : StepKind
    {
        public ProbeKind()
            : base("probe", "A step only this test knows.", (StepTypes)(1 << 30))
        {
        }

        public override string RuntimeType => "ShellStep";

        public override MermaidShape Shape { get; } = new("{{", "}}");

        public override BackendPackage Backend { get; } = new("Probe.Backend", "ProbeAddBackend");

        public override StepConstruction Construct(BoundStep step, Func<string, string> classOf) =>
            new(CSharpLiteral.String("echo probe")) { Properties = [new PropertyModel("Output", CSharpLiteral.String(step.Output!))] };
    }
}
