using System.Net;
using System.Net.Sockets;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Remote;
using LlmCompiler.Testing.OpenAIServer;
using Microsoft.Extensions.AI;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>Retries, timeouts, bad answers, unreachable servers, cancellation and the concurrency limit.</summary>
/// <remarks>No assertion here is about elapsed time; waits that must not happen are made long enough to hang the test instead.</remarks>
[TestClass]
public sealed class ResilienceTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task TooManyRequestsWithRetryAfterIsRetriedAfterTheServersDelayThenSucceeds()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => r.Index == 0
            ? FakeReply.Error(429, "slow down") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } }
            : new FakeReply { Content = "finally" };

        // The backoff alone would wait an hour: only Retry-After lets this test finish.
        using var backend = new OpenAIModelBackend(OptionsFor(server) with
        {
            RetryBaseDelay = TimeSpan.FromHours(1),
            MaxRetryDelay = TimeSpan.FromHours(2),
        });
        var (result, console) = await RunAsync(backend, Step("hi"));

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        Assert.AreEqual("finally", OnlyStep(result).Output);
        Assert.AreEqual(2, server.RequestCount);
    }

    [TestMethod]
    public async Task ServerErrorsUntilRetriesRunOutFailTheStepWithTheServersMessage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => FakeReply.Error(500, "the model is overloaded");
        using var backend = new OpenAIModelBackend(OptionsFor(server) with { MaxRetries = 2 });

        var (result, console) = await RunAsync(backend, Step("hi"), Step("never", "after"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "the model is overloaded");
        StringAssert.Contains(step.Error, "500");
        StringAssert.Contains(step.Error, "3 attempts");
        Assert.AreEqual(3, server.RequestCount, "one attempt and two retries");
        Assert.AreEqual(StepStatus.NotRun, result.Workflows.Single().Steps[1].Status);
        StringAssert.Contains(console, "the model is overloaded");
    }

    [TestMethod]
    public async Task ZeroRetriesMeansOneAttempt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => FakeReply.Error(503, "busy");
        using var backend = new OpenAIModelBackend(OptionsFor(server) with { MaxRetries = 0 });

        var (result, _) = await RunAsync(backend, Step("hi"));

        StringAssert.Contains(OnlyStep(result).Error, "busy (1 attempt)");
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public void SettingsOutsidePollysRangesAreRejectedUpFront()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OpenAIModelBackend(new OpenAIModelBackendOptions { RequestTimeout = TimeSpan.FromMilliseconds(1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OpenAIModelBackend(new OpenAIModelBackendOptions { MaxRetryDelay = TimeSpan.Zero }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OpenAIModelBackend(new OpenAIModelBackendOptions { MaxConcurrency = 0 }));
    }

    [TestMethod]
    public async Task ClientErrorsAreNotRetried()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => FakeReply.Error(400, "unknown model 'nope'");
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, _) = await RunAsync(backend, Step("hi"));

        StringAssert.Contains(OnlyStep(result).Error, "unknown model 'nope'");
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task AnswerSlowerThanTheTimeoutIsAbandonedRetriedAndFailsTheStep()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Delay = TimeSpan.FromMinutes(5) };
        using var backend = new OpenAIModelBackend(OptionsFor(server) with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 });

        var (result, _) = await RunAsync(backend, Step("hi"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "did not answer within 0.3 s");
        StringAssert.Contains(step.Error, "2 attempts");
        Assert.AreEqual(2, server.RequestCount);
        await WaitUntilAsync(() => server.Aborted == 2, "both timed-out requests should be abandoned on the wire");
    }

    [TestMethod]
    public async Task MalformedJsonFailsTheStepWithoutRetrying()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { RawBody = "{\"choices\": [ this is not json" };
        using var backend = new OpenAIModelBackend(OptionsFor(server));

        var (result, _) = await RunAsync(backend, Step("hi"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "not a valid chat completion");
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public async Task RefusedConnectionIsRetriedThenFailsNamingTheServer()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{UnusedPort()}/v1");
        using var backend = new OpenAIModelBackend(OptionsFor(baseUrl) with { MaxRetries = 2 });

        var (result, _) = await RunAsync(backend, Step("hi"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "could not reach the model server at " + baseUrl);
        StringAssert.Contains(step.Error, "3 attempts");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task CancellationAbortsTheHttpRequest()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Delay = TimeSpan.FromMinutes(5) };
        using var backend = new OpenAIModelBackend(OptionsFor(server));
        var client = await backend.GetClientAsync(Step("hi"), null, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cancellation.Token);
        await WaitUntilAsync(() => server.RequestCount == 1, "the request should reach the server");
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => call);
        await WaitUntilAsync(() => server.Aborted == 1, "the server should see the request abandoned");
        Assert.AreEqual(1, server.RequestCount, "a cancelled request is not retried");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task CancellingTheRunMarksTheLlmStepCancelled()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => new FakeReply { Delay = TimeSpan.FromMinutes(5) };
        using var backend = new OpenAIModelBackend(OptionsFor(server));
        using var cancellation = new CancellationTokenSource();
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null };

        var run = WorkflowRunner.RunAsync([new Workflow("flow", [Step("hi")])], options, cancellation.Token);
        await WaitUntilAsync(() => server.RequestCount == 1, "the request should reach the server");
        await cancellation.CancelAsync();
        var result = await run;

        Assert.AreEqual(RunStatus.Cancelled, result.Status);
        Assert.AreEqual(StepStatus.Cancelled, OnlyStep(result).Status);
        await WaitUntilAsync(() => server.Aborted == 1, "the server should see the request abandoned");
    }

    [TestMethod]
    public async Task ConcurrencyLimitCapsRequestsInFlightAcrossWorkflowsAndModels()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => new FakeReply { Content = r.Model!, Delay = TimeSpan.FromMilliseconds(50) };
        using var backend = new OpenAIModelBackend(OptionsFor(server) with { MaxConcurrency = 3 });
        var workflows = Enumerable.Range(0, 24)
            .Select(i => new Workflow("flow" + i, [new LlmStep("ask", _ => "hi") { Model = i % 2 == 0 ? "even" : "odd" }]))
            .ToArray();
        var options = new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null };

        var result = await WorkflowRunner.RunAsync(workflows, options);

        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual(24, server.RequestCount);
        Assert.IsTrue(server.MaxInFlight <= 3, $"the server saw {server.MaxInFlight} requests at once");
        Assert.IsTrue(server.MaxInFlight >= 2, "requests should still run in parallel up to the limit");
    }

    [TestMethod]
    public void RetryAfterIsReadAsSecondsOrDateAndCapped()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        Assert.AreEqual(TimeSpan.FromSeconds(7), ResilientHttpHandler.RetryAfter(seconds, TimeSpan.FromMinutes(1)));
        Assert.AreEqual(TimeSpan.FromSeconds(5), ResilientHttpHandler.RetryAfter(seconds, TimeSpan.FromSeconds(5)));

        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("R"));
        Assert.AreEqual(TimeSpan.Zero, ResilientHttpHandler.RetryAfter(past, TimeSpan.FromMinutes(1)));

        using var future = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        future.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddHours(1).ToString("R"));
        Assert.AreEqual(TimeSpan.FromMinutes(1), ResilientHttpHandler.RetryAfter(future, TimeSpan.FromMinutes(1)));

        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.IsNull(ResilientHttpHandler.RetryAfter(none, TimeSpan.FromMinutes(1)));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; a hang guard, not a timing check.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.IsTrue(condition(), what);
    }
}
