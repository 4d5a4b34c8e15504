using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Runtime.Plugins;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests.Plugins;

/// <summary>
/// A plugin registers through the registrations it is handed, and what it registered is what a run uses: step
/// backends, the Pro edition (or why it is inactive), engines for <c>--engine</c>.
/// </summary>
[TestClass]
[DoNotParallelize] // They replace the process's plugin registry for a moment.
public sealed class PluginRegistrationTests
{
    private static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    [TestMethod]
    public async Task WhatAPluginRegistersThroughItsRegistrationsIsWhatARunUses()
    {
        using (new RegisteredPlugins(r =>
        {
            r.RegisterBackend<IModelBackend>("llm", _ => new FixedModel("from the plugin"));
            r.RegisterProFeatures(new NamedFeatures("Pro from the plugin"));
        }))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [new LlmStep("a", _ => "hi") { Model = "m", Output = "a" }])], Quiet());

            Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
            Assert.AreEqual("from the plugin", result.Workflows[0].Variables["a"]);
            Assert.AreEqual("Pro from the plugin", result.Edition);
        }
    }

    [TestMethod]
    public async Task AnInactiveReportIsTheRunsNoticeUntilFeaturesAreRegistered()
    {
        using (new RegisteredPlugins(r => r.ReportProInactive("no license key in LLMC_PRO_LICENSE")))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [new ShellStep("s", "true")])], Quiet());
            Assert.IsNull(result.Edition);
            StringAssert.Contains(result.EditionNotice, "no license key in LLMC_PRO_LICENSE");
        }

        using (new RegisteredPlugins(r => r.ReportProInactive("first"), r => r.RegisterProFeatures(new NamedFeatures("pro")), r => r.ReportProInactive("after")))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [new ShellStep("s", "true")])], Quiet());
            Assert.AreEqual("pro", result.Edition);
            Assert.IsNull(result.EditionNotice);
        }
    }

    [TestMethod]
    public async Task AnEngineRegisteredThroughTheRegistrationsIsSelectedByItsName()
    {
        var engine = new UnreachableEngine();
        using (new RegisteredPlugins(r => r.RegisterEngine("fake", () => engine)))
        {
            var log = new StringWriter();
            var exitCode = await WorkflowProgram.RunAsync(
                ["--engine", "FAKE", "--connection", "x", "--run-file", Path.Combine(Path.GetTempPath(), "llmc-" + Guid.NewGuid().ToString("N") + ".json")],
                [new Workflow("w", [new ShellStep("s", "true")])],
                "prog",
                options => options.Log = log);

            Assert.AreEqual(3, exitCode, log.ToString());
            Assert.AreEqual(1, engine.Runs);
            StringAssert.Contains(log.ToString(), "the fake store is down");
        }
    }

    [TestMethod]
    public async Task AnUnknownEngineNameListsTheRegisteredOnes()
    {
        using (new RegisteredPlugins(r => r.RegisterEngine("zeta", () => new UnreachableEngine()), r => r.RegisterEngine("alpha", () => new UnreachableEngine())))
        {
            var log = new StringWriter();
            var exitCode = await WorkflowProgram.RunAsync(["--engine", "nope", "-q"], [new Workflow("w", [new ShellStep("s", "true")])], "prog", options => options.Log = log);

            Assert.AreEqual(2, exitCode);
            StringAssert.Contains(log.ToString(), "it has: embedded, alpha, zeta");
        }
    }

    [TestMethod]
    public void TheRegistrationsCloseWhenThePluginsHaveRun()
    {
        ILlmCompilerRegistrations? kept = null;
        PluginRegistry.Empty.With([new DelegatePlugin(r => kept = r)]);

        Assert.ThrowsExactly<InvalidOperationException>(() => kept!.RegisterEngine("late", () => new UnreachableEngine()));
    }

    [TestMethod]
    public void EmbeddedIsTheBuiltInRunnersNameInAnyCase() =>
        Assert.ThrowsExactly<ArgumentException>(() => PluginRegistry.Empty.With([new DelegatePlugin(r => r.RegisterEngine("Embedded", () => new UnreachableEngine()))]));

    [TestMethod]
    public void PluginStartupAddsToWhatEarlierPluginsRegisteredAndAFailingPluginChangesNothing()
    {
        using (new RegisteredPlugins())
        {
            PluginStartup.Initialize(new DelegatePlugin(r => r.RegisterBackend("mcp", _ => new object())));
            PluginStartup.Initialize(new DelegatePlugin(r => r.RegisterEngine("durable", () => new UnreachableEngine())));
            var before = PluginRegistry.Current;
            Assert.ThrowsExactly<InvalidOperationException>(() => PluginStartup.Initialize(
                new DelegatePlugin(r => r.RegisterBackend("search", _ => new object())),
                new DelegatePlugin(_ => throw new InvalidOperationException("broken plugin"))));

            Assert.AreSame(before, PluginRegistry.Current);
            CollectionAssert.AreEqual(new[] { "mcp" }, before.Backends.Keys.ToArray());
            CollectionAssert.AreEqual(new[] { "embedded", "durable" }, before.EngineNames.ToArray());
        }
    }

    [TestMethod]
    public void TheLastRegistrationOfAKindWins()
    {
        var registry = PluginRegistry.Empty.With(
        [
            new DelegatePlugin(r => r.RegisterBackend("llm", _ => "first")),
            new DelegatePlugin(r => r.RegisterBackend("llm", _ => "second")),
        ]);

        Assert.AreEqual("second", registry.Backends["llm"](new BackendContext("llm", null)));
    }

    private sealed class FixedModel(string text) : IModelBackend, IChatClient
    {
        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) => ValueTask.FromResult<IChatClient>(this);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class NamedFeatures(string name) : IProFeatures
    {
        public string Name => name;

        public string EnhanceText(string text) => text;
    }

    private sealed class UnreachableEngine : IWorkflowEngine
    {
        public int Runs { get; private set; }

        public Task<RunResult> RunAsync(EngineRequest request, CancellationToken cancellationToken)
        {
            Runs++;
            throw new EngineUnavailableException("the fake store is down");
        }

        public Task WorkAsync(EngineRequest request, CancellationToken cancellationToken) => throw new EngineUnavailableException("the fake store is down");
    }
}
