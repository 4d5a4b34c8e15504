using Microsoft.Extensions.AI;

namespace LlmCompiler.Runtime.Tests;

/// <summary>Registered backends are created only when a step needs them, once per run, and disposed after it.</summary>
[TestClass]
[DoNotParallelize] // They swap the process-wide llm registration.
public sealed class ModelBackendTests
{
    private static WorkflowRunOptions Quiet() => new() { Quiet = true, Log = TextWriter.Null, Output = TextWriter.Null };

    private static LlmStep Llm(string name) => new(name, _ => "hi") { Model = "m", Output = name };

    [TestMethod]
    public async Task NoBackendIsCreatedWhenNoStepNeedsIt()
    {
        var created = 0;
        await WithRemote(_ => { created++; return new CountingBackend(); }, async () =>
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [new ShellStep("s", "true")])], Quiet());
            Assert.AreEqual(RunStatus.Succeeded, result.Status);
        });
        Assert.AreEqual(0, created);
    }

    [TestMethod]
    public async Task TheRegisteredBackendIsCreatedOncePerRunAndDisposedAfterIt()
    {
        var backends = new List<CountingBackend>();
        await WithRemote(_ => { var b = new CountingBackend(); backends.Add(b); return b; }, async () =>
        {
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a"), Llm("b")])], Quiet());
            Assert.AreEqual(RunStatus.Succeeded, result.Status, result.Workflows[0].Steps[0].Error);
            Assert.AreEqual("fake: hi", result.Workflows[0].Variables["b"]);
        });
        Assert.AreEqual(1, backends.Count);
        Assert.AreEqual(2, backends[0].Requests);
        Assert.IsTrue(backends[0].Disposed);
    }

    [TestMethod]
    public async Task ABackendInTheOptionsWinsAndIsLeftToItsOwner()
    {
        var created = 0;
        var mine = new CountingBackend();
        await WithRemote(_ => { created++; return new CountingBackend(); }, async () =>
        {
            var options = Quiet();
            options.RemoteModels = mine;
            var result = await WorkflowRunner.RunAsync([new Workflow("w", [Llm("a")])], options);
            Assert.AreEqual(RunStatus.Succeeded, result.Status);
        });
        Assert.AreEqual(0, created);
        Assert.AreEqual(1, mine.Requests);
        Assert.IsFalse(mine.Disposed);
    }

    private static async Task WithRemote(Func<ModelBackendContext, IModelBackend> factory, Func<Task> body)
    {
        var before = ModelBackends.Remote;
        ModelBackends.RegisterRemote(factory);
        try
        {
            await body();
        }
        finally
        {
            ModelBackends.Remote = before;
        }
    }

    private sealed class CountingBackend : IModelBackend, IDisposable
    {
        private readonly EchoChatClient _client = new();

        public int Requests { get; private set; }

        public bool Disposed { get; private set; }

        public ValueTask<IChatClient> GetClientAsync(ModelStep step, string? model, CancellationToken cancellationToken)
        {
            Requests++;
            return ValueTask.FromResult<IChatClient>(_client);
        }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Answers "fake: {prompt}".</summary>
    private sealed class EchoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "fake: " + messages.Last().Text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
