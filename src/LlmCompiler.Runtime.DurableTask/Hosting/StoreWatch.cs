using System.Net.Sockets;
using Azure;
using LlmCompiler.Runtime.Core;
using LlmCompiler.Runtime.Plugins;

namespace LlmCompiler.Runtime.DurableTask.Hosting;

/// <summary>
/// Bounds the storage calls of a client (or a worker's probe) and tells when the store is lost and when it is back. The
/// storage SDK retries a failed call for a long while (four tries with back-off, each with a long network timeout), so
/// without a bound a client whose store went away hung for minutes or died with a stack trace. Here each call gets
/// <see cref="CallTimeout"/>; a failure is reported once, and a store that keeps failing for <see cref="LostAfter"/> is
/// an <see cref="EngineUnavailableException"/> (exit 3).
/// </summary>
internal sealed class StoreWatch
{
    /// <summary>How long one storage call may take before it counts as failed.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the store may keep failing before the client gives up; the same bound as for opening it.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);

    private readonly TextWriter _log;
    private readonly string _who;
    private readonly bool _givesUp;
    private DateTimeOffset? _failingSince;

    /// <param name="log">Where the lost and regained lines go.</param>
    /// <param name="who">Who lost the store, as the lines name it (<c>run run-…</c>, <c>worker host-123</c>).</param>
    /// <param name="givesUp">Whether a store lost for <see cref="LostAfter"/> ends the caller (a client) or is only reported (a worker, which waits for it).</param>
    public StoreWatch(TextWriter log, string who, bool givesUp)
    {
        _log = log;
        _who = who;
        _givesUp = givesUp;
    }

    /// <summary>Gets whether the last call failed.</summary>
    public bool IsLost => _failingSince is not null;

    /// <summary>
    /// Runs <paramref name="call"/> within <see cref="CallTimeout"/>. Returns its result, or <paramref name="fallback"/> when
    /// it failed or timed out while the store has failed for less than <see cref="LostAfter"/>; past that, throws.
    /// </summary>
    /// <exception cref="EngineUnavailableException">The store has failed for <see cref="LostAfter"/> or longer.</exception>
    public async Task<T> CallAsync<T>(Func<Task<T>> call, T fallback, CancellationToken cancellationToken = default)
    {
        var work = call();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = await Task.WhenAny(work, Task.Delay(CallTimeout, timer.Token)).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        string reason;
        if (finished == work && work.IsCompletedSuccessfully)
        {
            Recovered();
            return work.Result;
        }

        if (finished == work && !IsStoreFailure(work.Exception!))
        {
            // An answer of the store (an instance that exists already, say) is the caller's to handle.
            await work.ConfigureAwait(false);
        }

        // An abandoned or failed call's exception is observed here, so it is never reported as unobserved later.
        _ = work.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        reason = finished == work ? StoreConnection.Reason(work.Exception!) : $"no answer within {CallTimeout.TotalSeconds:0} s";
        Failed(reason);
        return fallback;
    }

    /// <summary>Runs <paramref name="call"/> as <see cref="CallAsync{T}"/> does; whether it succeeded.</summary>
    public Task<bool> CallAsync(Func<Task> call, CancellationToken cancellationToken = default) =>
        CallAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, false, cancellationToken);

    /// <summary>A storage call that must succeed: tried again every <paramref name="pause"/> while the store is lost, until the watch gives up.</summary>
    /// <exception cref="EngineUnavailableException">The store has failed for <see cref="LostAfter"/> or longer.</exception>
    public async Task<T> RequireAsync<T>(Func<Task<T>> call, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var (ok, value) = await CallAsync(async () => (true, await call().ConfigureAwait(false)), (false, default(T)!), cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                return value;
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a failure is the store's absence (a refused connection, a timeout, a server error) rather than an answer.</summary>
    private static bool IsStoreFailure(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException ?? (e as AggregateException)?.InnerExceptions.FirstOrDefault())
        {
            switch (e)
            {
                case RequestFailedException r when r.Status is 0 or 408 or 429 or >= 500:
                case HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException:
                    return true;
                default:
                    break;
            }

            if (e.InnerException is null && e is not AggregateException)
            {
                break;
            }
        }

        return false;
    }

    private void Failed(string reason)
    {
        var now = DateTimeOffset.UtcNow;
        if (_failingSince is not { } since)
        {
            _failingSince = now;
            _log.WriteLine($"durabletask: {_who} lost the store ({reason})" + (_givesUp ? $"; giving up after {LostAfter.TotalSeconds:0} s unless it comes back" : "; waiting for it"));
            return;
        }

        if (_givesUp && now - since >= LostAfter)
        {
            throw StoreConnection.Lost($"{reason}, failing for {(now - since).TotalSeconds:0} s");
        }
    }

    private void Recovered()
    {
        if (_failingSince is { } since)
        {
            _failingSince = null;
            _log.WriteLine($"durabletask: {_who} regained the store after {DurationText.Format(DateTimeOffset.UtcNow - since)}");
        }
    }
}
