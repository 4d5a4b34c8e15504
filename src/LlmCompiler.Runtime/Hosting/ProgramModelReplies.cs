using System.CommandLine;

namespace LlmCompiler.Runtime.Hosting;

/// <summary>The <c>--record</c>, <c>--replay</c> and <c>--cache</c> options of the generated program, and their environment variables.</summary>
internal sealed class ProgramModelReplies
{
    public ProgramModelReplies()
    {
        Record = new Option<string?>("--record")
        {
            Description = $"Call the models and write each llm and local_llm request with its answer to DIR, one JSON file per request (default: ${WorkflowProgram.RecordVariable}).",
            HelpName = "DIR",
        };
        Replay = new Option<string?>("--replay")
        {
            Description = $"Answer every llm and local_llm request from the recordings in DIR and call no model; an unrecorded request fails its step (default: ${WorkflowProgram.ReplayVariable}).",
            HelpName = "DIR",
        };
        Cache = new Option<string?>("--cache")
        {
            Description = $"Answer identical model requests from a cache on disk in DIR, filling it as models answer (default: ${WorkflowProgram.CacheVariable}).",
            HelpName = "DIR",
        };
    }

    public Option<string?> Record { get; }

    public Option<string?> Replay { get; }

    public Option<string?> Cache { get; }

    public IEnumerable<Option> All => [Record, Replay, Cache];

    /// <summary>Sets the run's recording and cache from the command line, else from the environment.</summary>
    /// <returns>A problem to report as a bad command line, or <see langword="null"/>.</returns>
    public string? Apply(ParseResult parseResult, WorkflowRunOptions options)
    {
        var record = parseResult.GetValue(Record) ?? FromEnvironment(WorkflowProgram.RecordVariable);
        var replay = parseResult.GetValue(Replay) ?? FromEnvironment(WorkflowProgram.ReplayVariable);
        if (record is not null && replay is not null)
        {
            return $"--record and --replay (or ${WorkflowProgram.RecordVariable} and ${WorkflowProgram.ReplayVariable}) cannot be used together: a run either calls the models or replays them.";
        }

        options.Recording = record is not null ? new ModelRecordingOptions(record, ModelRecordingMode.Record)
            : replay is not null ? new ModelRecordingOptions(replay, ModelRecordingMode.Replay)
            : null;
        if ((parseResult.GetValue(Cache) ?? FromEnvironment(WorkflowProgram.CacheVariable)) is { } cache)
        {
            options.ResponseCache = new FileDistributedCache(cache);
        }

        return null;
    }

    private static string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
