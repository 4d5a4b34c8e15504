using System.Globalization;
using System.Text;
using CsCheck;
using LlmCompiler.Runtime;

namespace LlmCompiler.Tasks.Tests.Properties;

/// <summary>
/// Loops (<c>until</c>) with random limits, random points where the condition first holds and random failing
/// iterations, compiled from YAML and run: each step's iterations, status, output and what the next step reads are
/// predicted from those numbers alone.
/// </summary>
[TestClass]
public sealed class LoopPropertyTests
{
    /// <summary>One loop: its limit, the iteration from which until holds, the iteration that fails (0: none) and on_limit.</summary>
    private sealed record LoopSpec(int Max, int HoldsFrom, int FailsAt, bool Continue)
    {
        public static readonly Gen<LoopSpec> Gen = CsCheck.Gen.Select(CsCheck.Gen.Int[1, 6], CsCheck.Gen.Int[1, 8], CsCheck.Gen.Int[0, 8], CsCheck.Gen.Bool)
            .Select((max, holds, fails, keep) => new LoopSpec(max, holds, fails, keep));

        /// <summary>The iterations that run and how the step ends: its status and output (the chain "1.2.3" of the last iteration).</summary>
        public (int Iterations, StepStatus Status, string? Output) Predict()
        {
            for (var i = 1; ; i++)
            {
                if (i == FailsAt)
                {
                    return (i, StepStatus.Failed, null);
                }

                if (i >= HoldsFrom)
                {
                    return (i, StepStatus.Succeeded, Chain(i));
                }

                if (i == Max)
                {
                    return (i, Continue ? StepStatus.Succeeded : StepStatus.Failed, Continue ? Chain(i) : null);
                }
            }
        }

        private static string Chain(int n) => string.Join(".", Enumerable.Range(1, n));
    }

    [TestMethod]
    public async Task RandomLoopsRunTheIterationsThePredictionSays()
    {
        var loops = 0;
        await LoopSpec.Gen.Array[4, 4].SampleAsync(async specs =>
        {
            var yaml = Yaml(specs);
            var result = WorkflowCompiler.Compile([new WorkflowSource("loops.yaml", "loops.yaml", yaml)], new CompilerOptions("LoopProp", "prop", GenerateEntryPoint: false));
            Assert.IsTrue(result.Success, yaml + "\n" + string.Join("\n", result.Diagnostics));
            var assembly = RoslynCompiler.Load([.. result.Files, result.Program!]);
            var workflows = (IReadOnlyList<Workflow>)assembly.GetType("LoopProp.LlmCompilerWorkflows")!.GetProperty("All")!.GetValue(null)!;
            var run = await WorkflowRunner.RunAsync(workflows, new WorkflowRunOptions { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null });
            var steps = run.Workflows.Single().Steps;
            for (var i = 0; i < specs.Length; i++)
            {
                var (iterations, status, output) = specs[i].Predict();
                var step = steps[2 * i];
                var about = $"{specs[i]}\n{yaml}";
                Assert.AreEqual(status, step.Status, about + "\n" + step.Error);
                Assert.AreEqual(iterations, step.Iterations!.Count, about);
                CollectionAssert.AreEqual(Enumerable.Range(1, iterations).ToArray(), step.Iterations!.Select(r => r.Index).ToArray(), about);
                Assert.AreEqual(output, step.Status == StepStatus.Succeeded ? step.Output : null, about);
                Assert.AreEqual("after-" + output, steps[(2 * i) + 1].Output, about);
                Interlocked.Increment(ref loops);
            }
        }, iter: 12);
        Assert.IsTrue(loops >= 48, $"{loops} loops ran");
    }

    private static string Yaml(LoopSpec[] specs)
    {
        var yaml = new StringBuilder("name: loops\nsteps:\n");
        for (var i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            var step = """
                  - name: loopI
                    type: shell
                    command: '[ {{loop.iteration}} -ne FAILS ] || exit 3; if [ -n "{{loop.previous}}" ]; then printf "%s.%s" "{{loop.previous}}" {{loop.iteration}}; else printf "%s" {{loop.iteration}}; fi'
                    until: "{{loop.iteration}} >= HOLDS"
                    max_iterations: MAX
                    on_limit: LIMIT
                    continue_on_error: true
                    output: outI
                  - name: afterI
                    type: shell
                    command: printf "after-%s" "{{outI}}"
                    output: afterI

                """;
            yaml.Append(step
                .Replace("FAILS", s.FailsAt.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("HOLDS", s.HoldsFrom.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("MAX", s.Max.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("LIMIT", s.Continue ? "continue" : "fail", StringComparison.Ordinal)
                .Replace("I\n", i.ToString(CultureInfo.InvariantCulture) + "\n", StringComparison.Ordinal)
                .Replace("I}}", i.ToString(CultureInfo.InvariantCulture) + "}}", StringComparison.Ordinal));
        }

        return yaml.ToString();
    }
}
