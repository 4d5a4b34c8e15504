using System.Net.Sockets;
using Azure;
using DurableTask.AzureStorage;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// Opens the task hub in storage, creating it the first time, within a bounded time: a wrong connection string or a
/// storage service that is down becomes one clear error naming the setting, never a hang or a stack trace.
/// </summary>
internal static class StoreConnection
{
    /// <summary>The storage SDK retries a refused connection for a while; past this, the store is reported unreachable.</summary>
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    public static async Task<AzureStorageOrchestrationService> OpenAsync(AzureStorageOrchestrationServiceSettings settings, CancellationToken cancellationToken)
    {
        AzureStorageOrchestrationService service;
        try
        {
            // The storage clients parse the connection string here.
            service = new AzureStorageOrchestrationService(settings);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw DurableSettings.InvalidConnection();
        }

        var create = service.CreateIfNotExistsAsync();
        var finished = await Task.WhenAny(create, Task.Delay(OpenTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished != create)
        {
            // Observe the abandoned attempt's failure, so it is not reported as unobserved later.
            _ = create.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw Unreachable($"no answer within {OpenTimeout.TotalSeconds:0} s");
        }

        try
        {
            await create.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(Reason(e));
        }

        return service;
    }

    /// <summary>The store went away after it had been opened, and did not come back in time.</summary>
    public static EngineUnavailableException Lost(string reason) =>
        new($"lost the durable task store given by {DurableSettings.ConnectionSetting}: {reason}; check that the storage service (Azurite, say) is running");

    private static EngineUnavailableException Unreachable(string reason) =>
        new($"cannot open the durable task store given by {DurableSettings.ConnectionSetting}: {reason}; check the connection string and that the storage service (Azurite, say) is running");

    /// <summary>A short cause without the request's URL or headers, which may carry a SAS token.</summary>
    public static string Reason(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException ?? (e as AggregateException)?.InnerExceptions.FirstOrDefault())
        {
            switch (e)
            {
                case RequestFailedException { Status: 403 or 401 } r:
                    return $"the account refused the credentials (HTTP {r.Status}{(r.ErrorCode is { } code ? ", " + code : string.Empty)})";
                case RequestFailedException { Status: > 0 } r:
                    return $"HTTP {r.Status}{(r.ErrorCode is { } error ? " " + error : string.Empty)}";
                case SocketException s:
                    return s.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData => "host not found",
                        _ => "network error " + s.SocketErrorCode,
                    };
                default:
                    break;
            }

            if (e.InnerException is null && e is not AggregateException)
            {
                break;
            }
        }

        return failure.GetType().Name;
    }
}
