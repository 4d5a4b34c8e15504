using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Processes;
using LlmCompiler.Runtime.Processes.Posix;
using LlmCompiler.Runtime.Scheduling;
using LlmCompiler.Runtime.Steps;
using LlmCompiler.Runtime.Tests.Plugins;

namespace LlmCompiler.Runtime.Tests;

/// <summary>
/// A run's backends by step kind, for any kind: a new step kind's service (here an MCP-like client for <c>mcp</c>)
/// registers like the model backends, without the runtime knowing the kind.
/// </summary>
[TestClass]
public sealed class RunBackendsTests
{
    private static PluginRegistry Registry(params Action<ILlmCompilerRegistrations>[] plugins) =>
        PluginRegistry.Empty.With(plugins.Select(p => new DelegatePlugin(p)));

    [TestMethod]
    public async Task TwoKindsAreEachCreatedOnFirstUseOncePerRunAndDisposedWhenItEnds()
    {
        var created = new List<string>();
        var registry = Registry(
            r => r.RegisterBackend("mcp", c => { created.Add(c.StepKind); return new FakeMcpClient(); }),
            r => r.RegisterBackend("search", c => { created.Add(c.StepKind); return new FakeSearch(); }));

        var backends = new RunBackends(new WorkflowRunOptions(), null, registry);
        Assert.AreEqual(0, created.Count, "nothing is created before a step asks");
        var mcp = backends.Get<FakeMcpClient>("mcp");
        Assert.AreSame(mcp, backends.Get<FakeMcpClient>("mcp"));
        var search = backends.Get<FakeSearch>("search");
        CollectionAssert.AreEqual(new[] { "mcp", "search" }, created);

        await backends.DisposeAsync();
        Assert.IsTrue(mcp!.Disposed, "an IAsyncDisposable backend is disposed asynchronously");
        Assert.IsTrue(search!.Disposed);
    }

    [TestMethod]
    public void EveryRunCreatesItsOwnBackendAndTheSynchronousDisposeReachesAsyncOnlyOnes()
    {
        var registry = Registry(r => r.RegisterBackend("mcp", _ => new FakeMcpClient()));

        var first = new RunBackends(new WorkflowRunOptions(), null, registry);
        var second = new RunBackends(new WorkflowRunOptions(), null, registry);
        var one = first.Get<FakeMcpClient>("mcp");
        var other = second.Get<FakeMcpClient>("mcp");
        first.Dispose();

        Assert.AreNotSame(one, other);
        Assert.IsTrue(one!.Disposed);
        Assert.IsFalse(other!.Disposed);
    }

    [TestMethod]
    public void ABackendInTheOptionsWinsForAnyKindAndIsLeftToItsOwner()
    {
        var created = 0;
        var registry = Registry(r => r.RegisterBackend("mcp", _ => { created++; return new FakeMcpClient(); }));
        var mine = new FakeMcpClient();
        var options = new WorkflowRunOptions();
        options.Backends["mcp"] = mine;

        var backends = new RunBackends(options, null, registry);
        Assert.AreSame(mine, backends.Get<FakeMcpClient>("mcp"));
        backends.Dispose();

        Assert.AreEqual(0, created);
        Assert.IsFalse(mine.Disposed);
    }

    [TestMethod]
    public void AKindWithoutABackendHasNone() =>
        Assert.IsNull(new RunBackends(new WorkflowRunOptions(), null, PluginRegistry.Empty).Get<IModelBackend>("llm"));

    [TestMethod]
    public void TheProgressWriterReachesTheFactory()
    {
        var progress = new StringWriter();
        TextWriter? seen = null;
        var registry = Registry(r => r.RegisterBackend("mcp", c => { seen = c.Progress; return new FakeMcpClient(); }));

        new RunBackends(new WorkflowRunOptions(), progress, registry).Get<FakeMcpClient>("mcp");

        Assert.AreSame(progress, seen);
    }

    [TestMethod]
    public void TheModelOptionsAreTheBackendsOfTheirKinds()
    {
        var local = new NoModels();
        var remote = new NoModels();
        var options = new WorkflowRunOptions { LocalModels = local, RemoteModels = remote };

        Assert.AreSame(local, options.Backends["local_llm"]);
        Assert.AreSame(remote, options.Backends["llm"]);
        options.RemoteModels = null;
        Assert.IsFalse(options.Backends.ContainsKey("llm"));
        options.Backends["llm"] = remote;
        Assert.AreSame(remote, options.RemoteModels);
    }

    private sealed class FakeMcpClient : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            Disposed = true;
        }
    }

    private sealed class FakeSearch : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class NoModels : IModelBackend
    {
        public ValueTask<Microsoft.Extensions.AI.IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
