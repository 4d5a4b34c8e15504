using System.Collections.Concurrent;

namespace LlmCompiler.Runtime.Processes.Posix;

/// <summary>
/// Dedicated threads for blocking calls (reading a child's pipes, waiting for its exit), reused from step to step,
/// so running steps never park thread-pool threads and starve the async code around them. The pool grows to the
/// number of calls blocked at once and keeps its threads (background threads: they never hold the process up).
/// </summary>
internal static class BlockingWorkers
{
    private static readonly BlockingCollection<Action> Work = new();
    private static int _idle;

    public static Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });

        if (Volatile.Read(ref _idle) < Work.Count)
        {
            new Thread(Loop) { IsBackground = true, Name = "LlmCompiler process I/O" }.Start();
        }

        return completion.Task;
    }

    private static void Loop()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            var item = Work.Take();
            Interlocked.Decrement(ref _idle);
            item();
        }
    }
}
