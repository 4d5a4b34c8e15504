using DurableTask.AzureStorage;
using DurableTask.Core;

namespace LlmCompiler.Durable.Benchmarks;

/// <summary>
/// The baseline: a bare Durable Task Framework orchestration calling a no-op activity N times, on the same settings. With
/// <c>shell</c>, the activity runs <c>sh -c true</c> as the engine's step does: the engine's overhead without the step's own work.
/// </summary>
internal static class BareDtfx
{
    public static async Task<Timing> RunAsync(AzureStorageOrchestrationServiceSettings settings, int count, bool parallel, bool shell = false)
    {
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(Fan));
        worker.AddTaskActivities(typeof(Noop));
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            var instance = await client.CreateOrchestrationInstanceAsync(typeof(Fan), new FanInput(count, parallel, shell ? Noop.Shell : "x"));
            var clock = System.Diagnostics.Stopwatch.StartNew();

            // The same 250 ms polling as the engine's client, so both sides see completion alike.
            while (true)
            {
                var state = await client.GetOrchestrationStateAsync(instance);
                if (state?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed)
                {
                    return new Timing(clock.Elapsed, state.CompletedTime - state.CreatedTime);
                }

                await Task.Delay(250);
            }
        }
        finally
        {
            await worker.StopAsync(true);
        }
    }

    /// <summary>
    /// How long the client waited (creation to the poll that saw the end: 250 ms polling makes this coarse), and how long the
    /// engine took by its own record (the earliest instance's creation to the last instance's completion).
    /// </summary>
    internal sealed record Timing(TimeSpan Client, TimeSpan Engine);

    /// <summary>The engine's own record of a task hub's runs: its first instance's creation to its last instance's completion.</summary>
    public static async Task<TimeSpan> EngineTimeAsync(AzureStorageOrchestrationServiceSettings settings)
    {
        var service = new AzureStorageOrchestrationService(settings);
        var states = await service.GetOrchestrationStateAsync(CancellationToken.None);
        return states.Max(s => s.CompletedTime) - states.Min(s => s.CreatedTime);
    }

    internal sealed record FanInput(int Count, bool Parallel, string Work);

    internal sealed class Fan : TaskOrchestration<int, FanInput>
    {
        public override async Task<int> RunTask(OrchestrationContext context, FanInput input)
        {
            if (input.Parallel)
            {
                await Task.WhenAll(Enumerable.Range(0, input.Count).Select(i => context.ScheduleTask<string>(typeof(Noop), input.Work)));
            }
            else
            {
                for (var i = 0; i < input.Count; i++)
                {
                    await context.ScheduleTask<string>(typeof(Noop), input.Work);
                }
            }

            return input.Count;
        }
    }

    internal sealed class Noop : TaskActivity<string, string>
    {
        public const string Shell = "sh -c true";

        protected override string Execute(TaskContext context, string input)
        {
            if (input == Shell)
            {
                using var process = System.Diagnostics.Process.Start("sh", ["-c", "true"]);
                process.WaitForExit();
            }

            return input;
        }
    }
}
