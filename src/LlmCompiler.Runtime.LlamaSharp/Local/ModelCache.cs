using System.Collections.Concurrent;

namespace LlmCompiler.Runtime.Local;

/// <summary>The models loaded in this process, one per full path, shared by every step, workflow and backend instance.</summary>
/// <remarks>
/// A failed load is forgotten, so a later step retries (the file may have been fixed). Everything loaded is
/// released when the process exits.
/// </remarks>
internal static class ModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> Models = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Loads = new(StringComparer.Ordinal);

    static ModelCache() => AppDomain.CurrentDomain.ProcessExit += (_, _) => UnloadAll();

    /// <summary>Gets the loaded model, loading it on first use; waiting callers can give up without cancelling the load.</summary>
    public static async Task<LoadedModel> GetAsync(string path, CancellationToken cancellationToken)
    {
        var entry = Models.GetOrAdd(path, p => new Lazy<Task<LoadedModel>>(() => Task.Run(() => LoadCounted(p), CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StepFailedException)
        {
            Models.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(path, entry));
            throw;
        }
    }

    /// <summary>Gets how many times <paramref name="path"/> was loaded in this process.</summary>
    public static int LoadCount(string path) => Loads.TryGetValue(path, out var count) ? count : 0;

    private static LoadedModel LoadCounted(string path)
    {
        var model = LoadedModel.Load(path);
        Loads.AddOrUpdate(path, 1, (_, count) => count + 1);
        return model;
    }

    private static void UnloadAll()
    {
        foreach (var entry in Models.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Dispose();
            }
        }

        Models.Clear();
    }
}
