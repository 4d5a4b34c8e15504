using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmCompiler.Testing.OpenAIServer;

/// <summary>
/// A Kestrel server on 127.0.0.1 that speaks the OpenAI chat-completions wire format, plain and streamed
/// (server-sent events). It records what arrives and how many requests are in flight at once.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _aborted;
    private int _count;

    private FakeOpenAIServer(WebApplication app) => _app = app;

    /// <summary>Gets the base URL to give clients: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets or sets what to answer; the default replies "reply to: {last user message}".</summary>
    public Func<ReceivedRequest, FakeReply> Responder { get; set; } = request => new FakeReply { Content = "reply to: " + request.Messages[^1].Content };

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Gets or sets whether <see cref="Requests"/> keeps what arrives; a benchmark of many requests turns it off to measure only the client's memory.</summary>
    public bool KeepRequests { get; set; } = true;

    public int RequestCount => Volatile.Read(ref _count);

    /// <summary>Gets the most requests that were being handled at the same moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Gets how many requests the client abandoned while the server was still waiting to answer.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.Request.Path != "/v1/chat/completions")
        {
            context.Response.StatusCode = 404;
            return;
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
        {
            if (Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) == max)
            {
                break;
            }
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = new ReceivedRequest(body, context.Request.Headers.Authorization.FirstOrDefault(), Interlocked.Increment(ref _count) - 1);
            if (KeepRequests)
            {
                _requests.Enqueue(request);
            }

            var reply = Responder(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _aborted);
                    return;
                }
            }

            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await WriteReplyAsync(context.Response, request, reply);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task WriteReplyAsync(HttpResponse response, ReceivedRequest request, FakeReply reply)
    {
        response.StatusCode = reply.Status;
        if (reply.RawBody is { } raw)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(raw);
        }
        else if (reply.Status != 200)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(JsonSerializer.Serialize(new { error = new { message = reply.Content, type = "server_error", code = (string?)null } }));
        }
        else if (request.Stream)
        {
            await WriteStreamAsync(response, request, reply);
        }
        else
        {
            response.ContentType = "application/json";
            await response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = request.Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content }, finish_reason = "stop" } },
                usage = Usage(reply),
            }));
        }
    }

    /// <summary>Sends the reply a word at a time as <c>chat.completion.chunk</c> events, then usage and <c>[DONE]</c>.</summary>
    private static async Task WriteStreamAsync(HttpResponse response, ReceivedRequest request, FakeReply reply)
    {
        response.ContentType = "text/event-stream";
        async Task SendAsync(object chunk)
        {
            await response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
            await response.Body.FlushAsync();
        }

        object Chunk(object[] choices, object? usage = null) =>
            new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model = request.Model, choices, usage };

        var words = reply.Content.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var text = i == 0 ? words[i] : " " + words[i];
            await SendAsync(Chunk([new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)null }]));
        }

        await SendAsync(Chunk([new { index = 0, delta = new { }, finish_reason = "stop" }]));
        await SendAsync(Chunk([], Usage(reply)));
        await response.WriteAsync("data: [DONE]\n\n");
    }

    private static object Usage(FakeReply reply) => new
    {
        prompt_tokens = reply.PromptTokens,
        completion_tokens = reply.CompletionTokens,
        total_tokens = reply.PromptTokens + reply.CompletionTokens,
    };
}
