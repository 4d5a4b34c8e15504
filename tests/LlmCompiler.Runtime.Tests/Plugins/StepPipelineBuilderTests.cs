using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.Tests.Plugins;

/// <summary>Step middleware composes through the builder, first call outermost, and an edition adds its own once per run.</summary>
[TestClass]
public sealed class StepPipelineBuilderTests
{
    private static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    [TestMethod]
    public async Task TheFirstMiddlewareAddedIsTheOutermost()
    {
        var calls = new List<string>();
        var middleware = new StepPipelineBuilder()
            .Use(async (context, next, token) => { calls.Add("outer in"); var text = await next(token); calls.Add("outer out"); return "[" + text + "]"; })
            .Use(async (context, next, token) => { calls.Add("inner in"); var text = await next(token); calls.Add("inner out"); return "(" + text + ")"; })
            .Build()!;

        var context = new StepContext("w", new ShellStep("s", "true"), new EmptyVariables());
        var output = await middleware.InvokeAsync(context, _ => { calls.Add("step"); return ValueTask.FromResult("x"); }, CancellationToken.None);

        Assert.AreEqual("[(x)]", output);
        CollectionAssert.AreEqual(new[] { "outer in", "inner in", "step", "inner out", "outer out" }, calls);
    }

    [TestMethod]
    public void AnEmptyBuilderBuildsNoMiddleware() => Assert.IsNull(new StepPipelineBuilder().Build());

    [TestMethod]
    [DoNotParallelize] // It replaces the process's plugin registry for a moment.
    public async Task AnEditionConfiguresTheRunsPipelineOnceWhenTheRunStarts()
    {
        var features = new UppercasingFeatures();
        using (new RegisteredPlugins(r => r.RegisterProFeatures(features)))
        {
            var steps = Enumerable.Range(0, 3).Select(i => (WorkflowStep)new ShellStep("s" + i, "echo hi") { Output = "o" + i }).ToList();
            var result = await WorkflowRunner.RunAsync([new Workflow("w", steps)], Quiet());

            Assert.AreEqual(RunStatus.Succeeded, result.Status);
            Assert.AreEqual("HI", result.Workflows[0].Variables["o2"]);
            Assert.AreEqual(1, features.Configured);
            Assert.AreEqual("upper", result.Edition);
        }
    }

    private sealed class UppercasingFeatures : IProFeatures
    {
        public int Configured { get; private set; }

        public string Name => "upper";

        public string EnhanceText(string text) => text;

        public void ConfigureSteps(StepPipelineBuilder steps)
        {
            Configured++;
            steps.Use(async (context, next, token) => (await next(token)).ToUpperInvariant());
        }
    }

    private sealed class EmptyVariables : IVariables
    {
        public string this[string name] => string.Empty;

        public bool TryGetValue(string name, out string value)
        {
            value = string.Empty;
            return false;
        }
    }
}
