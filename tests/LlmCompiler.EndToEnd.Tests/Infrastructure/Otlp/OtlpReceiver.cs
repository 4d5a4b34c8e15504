using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmCompiler.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>
/// An OTLP/HTTP receiver on 127.0.0.1 (protocol <c>http/protobuf</c>): it accepts <c>POST /v1/traces</c> and
/// <c>/v1/metrics</c>, answers 200 with an empty protobuf message, and keeps what arrived.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private readonly ConcurrentQueue<byte[]> _metrics = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Gets the endpoint to give OTEL_EXPORTER_OTLP_ENDPOINT: <c>http://127.0.0.1:port</c>.</summary>
    public string Endpoint { get; private set; } = null!;

    /// <summary>Gets every span received so far, from every trace export request.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. _traces.SelectMany(OtlpTraceReader.Read)];

    /// <summary>Gets the bodies of the metric export requests (protobuf).</summary>
    public IReadOnlyList<byte[]> MetricRequests => [.. _metrics];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var queue = context.Request.Path.Value switch
        {
            "/v1/traces" => _traces,
            "/v1/metrics" => _metrics,
            _ => null,
        };
        if (context.Request.Method != "POST" || queue is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        queue.Enqueue(body.ToArray());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
    }
}
