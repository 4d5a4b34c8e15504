using LlmCompiler.Runtime.Tests.Plugins;
using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Backends registered per step kind are created only when a step needs them, once per run, and disposed after it.</summary>
[TestClass]
[DoNotParallelize] // They replace the process's plugin registry for a moment.
public sealed class ModelBackendTests
{
    private static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    private static LlmStep Llm(string name) => new(name, _ => "hi") { Model = "m", Output = name };

    private static LocalLlmStep Local(string name) => new(name, _ => "hi") { Model = "m.gguf", Output = name };

    [TestMethod]
    public async Task NoBackendIsCreatedWhenNoStepNeedsIt()
    {
        var created = 0;
        using (new RegisteredPlugins(r => r.RegisterBackend<IModelBackend>("llm", _ => { created++; return new CountingBackend("llm"); })))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [new ShellStep("s", "true")])], Quiet());
            Assert.AreEqual(RunStatus.Succeeded, result.Status);
        }

        Assert.AreEqual(0, created);
    }

    [TestMethod]
    public async Task TheRegisteredBackendIsCreatedOncePerRunAndDisposedAfterIt()
    {
        var backends = new List<CountingBackend>();
        using (new RegisteredPlugins(r => r.RegisterBackend<IModelBackend>("llm", _ => { var b = new CountingBackend("llm"); backends.Add(b); return b; })))
        {
            for (var run = 0; run < 2; run++)
            {
                var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a"), Llm("b")])], Quiet());
                Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
                Assert.AreEqual("llm: hi", result.Workflows[0].Variables["b"]);
            }
        }

        Assert.AreEqual(2, backends.Count, "one per run");
        Assert.IsTrue(backends.All(b => b.Requests == 2 && b.Disposed));
    }

    [TestMethod]
    public async Task EachStepKindGetsTheBackendRegisteredForIt()
    {
        var contexts = new List<BackendContext>();
        using (new RegisteredPlugins(
            r => r.RegisterBackend("llm", c => { contexts.Add(c); return new CountingBackend("remote"); }),
            r => r.RegisterBackend("local_llm", c => { contexts.Add(c); return new CountingBackend("local"); })))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a"), Local("b")])], Quiet());
            Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
            Assert.AreEqual("remote: hi", result.Workflows[0].Variables["a"]);
            Assert.AreEqual("local: hi", result.Workflows[0].Variables["b"]);
        }

        CollectionAssert.AreEqual(new[] { "llm", "local_llm" }, contexts.Select(c => c.StepKind).ToArray());
    }

    [TestMethod]
    public async Task ABackendInTheOptionsWinsAndIsLeftToItsOwner()
    {
        var created = 0;
        var mine = new CountingBackend("mine");
        using (new RegisteredPlugins(r => r.RegisterBackend<IModelBackend>("llm", _ => { created++; return new CountingBackend("llm"); })))
        {
            var options = Quiet();
            options.RemoteModels = mine;
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a")])], options);
            Assert.AreEqual(RunStatus.Succeeded, result.Status);
        }

        Assert.AreEqual(0, created);
        Assert.AreEqual(1, mine.Requests);
        Assert.IsFalse(mine.Disposed);
    }

    [TestMethod]
    public async Task ABackendOfTheWrongServiceFailsTheStepSayingSo()
    {
        using (new RegisteredPlugins(r => r.RegisterBackend("llm", _ => new object())))
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a")])], Quiet());
            Assert.AreEqual(RunStatus.Failed, result.Status);
            StringAssert.Contains(result.Workflows[0].Steps[0].Error, "the backend for llm steps is a Object, which is not the IModelBackend these steps need");
        }
    }

    private sealed class CountingBackend(string name) : IModelBackend, IDisposable
    {
        private readonly EchoChatClient _client = new(name);
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public bool Disposed { get; private set; }

        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return ValueTask.FromResult<IChatClient>(_client);
        }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Answers "{name}: {prompt}".</summary>
    private sealed class EchoChatClient(string name) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, name + ": " + messages.Last().Text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
