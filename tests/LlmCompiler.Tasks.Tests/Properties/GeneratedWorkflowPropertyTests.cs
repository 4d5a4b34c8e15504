using System.Diagnostics;
using CsCheck;
using LlmCompiler.Runtime;
using LlmCompiler.Tasks.Diagnostics;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// Property-based guarantees over random workflows (CsCheck): accepted input always generates C# that compiles,
/// shell-only workflows run with the outputs the reference evaluator predicts, and random mutations of valid files
/// produce diagnostics or compiling code — never an exception. Case counts are printed to the test log.
/// </summary>
[TestClass]
public sealed class GeneratedWorkflowPropertyTests
{
    /// <summary>Workflows per Roslyn compilation: compiling in batches keeps thousands of cases within seconds.</summary>
    private const int Batch = 25;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RandomValidWorkflowsCompileWithoutDiagnosticErrorsAndTheirCSharpCompiles()
    {
        var cases = 0;
        var withForeach = 0;
        var clock = Stopwatch.StartNew();
        SpecGenerators.Spec.Array[Batch, Batch].Sample(batch =>
        {
            var sources = new List<string>();
            for (var i = 0; i < batch.Length; i++)
            {
                var yaml = SpecRenderer.Yaml(SpecBuilder.Build(batch[i], runnable: false));
                if (yaml.Contains("foreach:", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref withForeach);
                }

                var result = Compile(yaml, "Case" + i);
                Assert.IsTrue(result.Success, yaml + "\n" + string.Join("\n", result.Diagnostics));
                sources.AddRange(result.Files);
                sources.Add(result.Program!);
            }

            var errors = RoslynCompiler.Diagnose(sources, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
            Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Take(10)));
            Interlocked.Add(ref cases, batch.Length);
        }, iter: 80, threads: 2, print: batch => string.Join("\n---\n", batch.Select(b => SpecRenderer.Yaml(SpecBuilder.Build(b, runnable: false)))));
        TestContext.WriteLine($"{cases} random workflows ({withForeach} with a foreach step) compiled (YAML → C# → Roslyn) in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.IsTrue(cases >= 2000, $"{cases} cases");
        Assert.IsTrue(withForeach >= cases / 4, $"only {withForeach} of {cases} cases have a foreach step");
    }

    [TestMethod]
    public async Task RandomShellWorkflowsRunWithTheOutputsTheReferenceEvaluatorPredicts()
    {
        var cases = 0;
        var foreachSteps = 0;
        var clock = Stopwatch.StartNew();
        await SpecGenerators.Spec.Array[8, 8].SampleAsync(async batch =>
        {
            var specs = batch.Select((b, i) => SpecBuilder.Build(b, runnable: true, name: "wf")).ToList();
            Interlocked.Add(ref foreachSteps, specs.Sum(s => s.Steps.Count(step => step.Foreach is not null)));
            var sources = new List<string>();
            for (var i = 0; i < specs.Count; i++)
            {
                var result = Compile(SpecRenderer.Yaml(specs[i]), "Run" + i);
                Assert.IsTrue(result.Success, SpecRenderer.Yaml(specs[i]) + "\n" + string.Join("\n", result.Diagnostics));
                sources.AddRange(result.Files);
                sources.Add(result.Program!);
            }

            var assembly = RoslynCompiler.Load(sources);
            for (var i = 0; i < specs.Count; i++)
            {
                var workflows = (IReadOnlyList<Workflow>)assembly.GetType($"Run{i}.LlmCompilerWorkflows")!.GetProperty("All")!.GetValue(null)!;
                var options = new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };
                foreach (var input in specs[i].Inputs.Where(input => input.Given is not null))
                {
                    options.Inputs[input.Name] = input.Given!;
                }

                var actual = await WorkflowRunner.RunAsync(workflows, options);
                var expected = ReferenceEvaluator.Run(specs[i]);
                var yaml = SpecRenderer.Yaml(specs[i]);
                var steps = actual.Workflows[0].Steps;
                CollectionAssert.AreEqual(expected.Steps.ToList(), steps.Select(s => s.Status).ToList(),
                    yaml + "\nerrors: " + string.Join(" | ", steps.Select(s => s.Error)));
                CollectionAssert.AreEquivalent(
                    expected.Variables.Select(p => p.Key + "=" + p.Value).ToList(),
                    actual.Workflows[0].Variables.Select(p => p.Key + "=" + p.Value).ToList(),
                    yaml);
                Assert.AreEqual(expected.Status, actual.Status, yaml);
            }

            Interlocked.Add(ref cases, specs.Count);
        }, iter: 25, threads: 2, print: batch => string.Join("\n---\n", batch.Select(b => SpecRenderer.Yaml(SpecBuilder.Build(b, runnable: true)))));
        TestContext.WriteLine($"{cases} random shell workflows ({foreachSteps} foreach steps) run and checked against the reference evaluator in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.IsTrue(cases >= 200, $"{cases} cases");
        Assert.IsTrue(foreachSteps >= cases / 2, $"only {foreachSteps} foreach steps in {cases} cases");
    }

    [TestMethod]
    public async Task RandomTypedWorkflowsWithCallsAndSchemasCompileAndRunWithThePredictedValues()
    {
        var cases = 0;
        var perItem = 0;
        var clock = Stopwatch.StartNew();
        await Gen.Int.Array[8, 8].SampleAsync(async seeds =>
        {
            var specs = seeds.Select(TypedSpec.From).ToList();
            var sources = new List<string>();
            for (var i = 0; i < specs.Count; i++)
            {
                var result = Compile(specs[i].Yaml, "Typed" + i);
                Assert.IsTrue(result.Success, specs[i].Yaml + "\n" + string.Join("\n", result.Diagnostics));
                Assert.AreEqual(0, result.Diagnostics.Count(d => d.Severity != DiagnosticSeverity.Info), specs[i].Yaml + "\n" + string.Join("\n", result.Diagnostics));
                sources.AddRange(result.Files);
                sources.Add(result.Program!);
            }

            var assembly = RoslynCompiler.Load(sources);
            for (var i = 0; i < specs.Count; i++)
            {
                var workflows = (IReadOnlyList<Workflow>)assembly.GetType($"Typed{i}.LlmCompilerWorkflows")!.GetProperty("All")!.GetValue(null)!;
                var actual = await WorkflowRunner.RunAsync(workflows, new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null });
                var main = actual.Workflows.Single();
                Assert.AreEqual(RunStatus.Succeeded, actual.Status, specs[i].Yaml + "\nerrors: " + string.Join(" | ", main.Steps.Select(s => s.Error)));
                foreach (var (name, value) in specs[i].Expected)
                {
                    Assert.AreEqual(value, main.Variables[name], $"{name}\n{specs[i].Yaml}");
                }

                if (specs[i].CallsPerItem)
                {
                    Interlocked.Increment(ref perItem);
                }
            }

            Interlocked.Add(ref cases, specs.Count);
        }, iter: 12, threads: 2, print: seeds => string.Join("\n---\n", seeds.Select(s => TypedSpec.From(s).Yaml)));
        TestContext.WriteLine($"{cases} random typed projects ({perItem} calling per item) compiled, run and checked in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.IsTrue(cases >= 90, $"{cases} cases");
        Assert.IsTrue(perItem >= cases / 5, $"only {perItem} of {cases} cases call per item");
    }

    [TestMethod]
    public void RandomMutationsOfValidFilesYieldDiagnosticsOrCompilingCodeNeverAnException()
    {
        var mutants = 0;
        var rejected = 0;
        var clock = Stopwatch.StartNew();
        Gen.Select(SpecGenerators.Spec, Gen.Int, SpecGenerators.Mutation.Array[1, 3].Array[20, 20]).Sample((raw, seed, mutations) =>
        {
            // Half the files are typed projects (calls, schemas, field reads), whose mutants hit those checks.
            var original = seed % 2 == 0 ? TypedSpec.From(seed).Yaml : SpecRenderer.Yaml(SpecBuilder.Build(raw, runnable: false));
            var accepted = new List<string>();
            for (var i = 0; i < mutations.Length; i++)
            {
                var text = mutations[i].Aggregate(original, Mutator.Apply);
                var result = Compile(text, "Mutant" + i);
                var lineCount = text.Split('\n').Length;
                foreach (var diagnostic in result.Diagnostics)
                {
                    Assert.AreNotEqual("LLMC0009", diagnostic.Id, diagnostic.ToString());
                    Assert.IsTrue(diagnostic.Span.Line >= 1 && diagnostic.Span.Column >= 1 && diagnostic.Span.Line <= lineCount + 1,
                        $"{diagnostic} is outside the file:\n{text}");
                }

                if (result.Success)
                {
                    accepted.AddRange(result.Files);
                    accepted.Add(result.Program!);
                }
                else
                {
                    Assert.IsTrue(result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), text);
                    Interlocked.Increment(ref rejected);
                }
            }

            if (accepted.Count > 0)
            {
                // A mutant the checker accepts (say, a changed literal) must still generate compiling code.
                var errors = RoslynCompiler.Diagnose(accepted, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
                Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Take(10)));
            }

            Interlocked.Add(ref mutants, mutations.Length);
        }, iter: 300, threads: 2);
        TestContext.WriteLine($"{mutants} mutants compiled in {clock.Elapsed.TotalSeconds:0.0} s: {rejected} rejected with errors, {mutants - rejected} accepted and compiled by Roslyn");
        Assert.IsTrue(mutants >= 6000, $"{mutants} mutants");
        Assert.IsTrue(rejected > mutants / 4, $"only {rejected} of {mutants} mutants were rejected: the mutator is too gentle to test anything");
    }

    private static CompilationResult Compile(string yaml, string rootNamespace) =>
        WorkflowCompiler.Compile([new WorkflowSource("flow.yaml", "flow.yaml", yaml)], new CompilerOptions(rootNamespace, "prop", GenerateEntryPoint: false));
}
