using System.Diagnostics;
using System.Globalization;
using LLama.Native;
using LlmCompiler.LocalLlm.Benchmarks;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.Local;
using LlmCompiler.TinyModel;

// dotnet run -c Release --project eng/benchmarks/LlmCompiler.LocalLlm.Benchmarks [-- --quick] [--shape N] [--part threads|rate|concurrency|grammar|foreach]
// Prints the numbers recorded in docs/benchmarks.md. Ratios matter more than times: the machine is shared.
var quick = args.Contains("--quick");
var rounds = quick ? 3 : 9;
string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var onlyShape = Argument("--shape");
var onlyPart = Argument("--part");
var directory = Path.Combine(Path.GetTempPath(), "llmc-bench-" + Environment.ProcessId);
NativeLogConfig.llama_log_set(static (_, _) => { });

// Registers the local backend as a generated program's module initializer does.
LlmCompiler.Runtime.CompilerServices.PluginStartup.Initialize(new LlmCompiler.Runtime.CompilerServices.LlamaSharpBackendPlugin());
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

// Small models stay in cache and are compute-bound on a CPU; the large one is bound by memory bandwidth, as real
// GGUF models (gigabytes) are, which is where decoding sequences together pays most.
var shapes = new (string Name, TinyModelOptions Options, int RateTokens, int Rounds)[]
{
    ("E64 L2 F128, 0.5 MB (the test model)", new TinyModelOptions(), 512, rounds),
    ("E256 L4 F1024, 17 MB", new TinyModelOptions { EmbeddingLength = 256, BlockCount = 4, HeadCount = 8, FeedForwardLength = 1024 }, 512, rounds),
    ("E1024 L4 F4096, 270 MB", new TinyModelOptions { EmbeddingLength = 1024, BlockCount = 4, HeadCount = 16, FeedForwardLength = 4096 }, 128, 3),
};

for (var index = 0; index < shapes.Length; index++)
{
    var (name, options, rateTokens, shapeRounds) = shapes[index];
    if (onlyShape is not null && onlyShape != index.ToString(CultureInfo.InvariantCulture))
    {
        continue;
    }

    Console.WriteLine();
    Console.WriteLine($"## model {name}");
    if (onlyPart is null or "threads")
    {
        Threads(options, shapeRounds);
    }

    if (onlyPart is null or "rate")
    {
        Rate(options, rateTokens, shapeRounds);
    }

    if (onlyPart is null or "concurrency")
    {
        Concurrency(options, shapeRounds);
    }

    if (onlyPart is null or "grammar")
    {
        GrammarCost.Measure(Model(options, "grammar"), rateTokens, shapeRounds);
    }

    if (onlyPart is null or "foreach")
    {
        ForeachItems(options, shapeRounds);
    }
}

Directory.Delete(directory, recursive: true);
return 0;

string Model(TinyModelOptions options, string tag)
{
    var path = Path.Combine(directory, $"{tag}-{Guid.NewGuid():N}.gguf");
    TinyModel.Write(path, options);
    return path;
}

static LocalLlmStep Step(string name, string model, string prompt, int tokens) =>
    new(name, _ => prompt) { Model = model, MaxTokens = tokens, Temperature = 0, Output = name };

static WorkflowRunOptions Quiet() => new() { Quiet = true, Output = TextWriter.Null, Log = TextWriter.Null };

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

// Single-sequence rate with 1 and 2 threads (LLAMA_THREADS is read when a model file loads, so each gets its own file).
void Threads(TinyModelOptions options, int rounds)
{
    foreach (var threads in new[] { 1, 2 })
    {
        Environment.SetEnvironmentVariable(LlamaModelBackend.ThreadsVariable, threads.ToString(CultureInfo.InvariantCulture));
        var model = Model(options, "threads" + threads);
        var single = Median(Enumerable.Range(0, rounds).Select(_ => StepRate(model, 64)));
        var four = Median(Enumerable.Range(0, rounds).Select(_ => FourTogether(model, 64).Aggregate));
        Console.WriteLine($"threads={threads}: one step {F(single)} tokens/s; four concurrent steps {F(four)} tokens/s aggregate");
        File.Delete(model);
    }

    Environment.SetEnvironmentVariable(LlamaModelBackend.ThreadsVariable, null);
}

double StepRate(string model, int tokens) => StepRun(model, tokens).Rate;

(double Rate, int Threads) StepRun(string model, int tokens)
{
    var result = WorkflowRunner.RunAsync([new Workflow("w", [Step("s", model, "Write a story about a lighthouse.", tokens)])], Quiet()).GetAwaiter().GetResult();
    var step = result.Workflows[0].Steps[0];
    if (step.Status != StepStatus.Succeeded)
    {
        throw new InvalidOperationException(step.Error);
    }

    return (step.OutputTokens!.Value / (step.Metrics!["generation_ms"] / 1000), (int)step.Metrics["threads"]);
}

(double Wall, double Aggregate, RunResult Result) FourTogether(string model, int tokens)
{
    var workflows = Enumerable.Range(0, 4).Select(i => new Workflow("w" + i, [Step("s", model, $"Prompt number {i}: tell me about the sea.", tokens)])).ToList();
    var clock = Stopwatch.StartNew();
    var result = WorkflowRunner.RunAsync(workflows, Quiet()).GetAwaiter().GetResult();
    var wall = clock.Elapsed.TotalSeconds;
    return (wall, 4 * tokens / wall, result);
}

// A local_llm step's generation rate against the raw loop on the same model file and settings, alternating.
void Rate(TinyModelOptions options, int tokens, int rounds)
{
    var model = Model(options, "rate");
    var threads = StepRun(model, 16).Threads;
    using var raw = new RawLlamaLoop(model, threads, contextSize: 2048);
    raw.Generate("warm up", 16);
    var steps = new List<double>();
    var raws = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        // Alternate which goes first, so neither gains from the order.
        if (i % 2 == 0)
        {
            raws.Add(raw.Generate("Write a story about a lighthouse.", tokens));
            steps.Add(StepRate(model, tokens));
        }
        else
        {
            steps.Add(StepRate(model, tokens));
            raws.Add(raw.Generate("Write a story about a lighthouse.", tokens));
        }
    }

    var step = Median(steps);
    var baseline = Median(raws);
    File.Delete(model);
    Console.WriteLine($"rate, {tokens} tokens greedy, {threads} thread(s), median of {rounds}: step {F(step)} tokens/s, raw LLamaSharp loop {F(baseline)} tokens/s, ratio {F(step / baseline, "0.00")}; best of each: {F(steps.Max())} / {F(raws.Max())} = {F(steps.Max() / raws.Max(), "0.00")}");
}

// Four workflows x 64 tokens concurrently against the same four steps one after another; and loads per model.
void Concurrency(TinyModelOptions options, int rounds)
{
    const int tokens = 64;
    var model = Model(options, "concurrency");
    FourTogether(model, tokens);
    var together = new List<double>();
    var sequential = new List<double>();
    RunResult? last = null;
    for (var i = 0; i < rounds; i++)
    {
        var run = FourTogether(model, tokens);
        together.Add(run.Wall);
        last = run.Result;
        var steps = Enumerable.Range(0, 4).Select(j => (WorkflowStep)Step("s" + j, model, $"Prompt number {j}: tell me about the sea.", tokens)).ToList();
        var clock = Stopwatch.StartNew();
        WorkflowRunner.RunAsync([new Workflow("seq", steps)], Quiet()).GetAwaiter().GetResult();
        sequential.Add(clock.Elapsed.TotalSeconds);
    }

    File.Delete(model);
    var loads = last!.Workflows.SelectMany(w => w.Steps).Select(s => s.Metrics!["model_loads"]).Distinct().ToList();
    Console.WriteLine($"4 x {tokens} tokens, median of {rounds}: concurrent {F(Median(together) * 1000, "0.0")} ms, sequential {F(Median(sequential) * 1000, "0.0")} ms, ratio {F(Median(together) / Median(sequential), "0.00")}");
    Console.WriteLine($"model loads per model per run: {string.Join(", ", loads)} (process total {LlamaModelBackend.LoadCount(model)})");
}

// Issue 11: one foreach step of 8 local_llm items on one model (max_parallel left to its default, and 8) against the
// same 8 prompts as 8 steps one after another; and how many sequences the model's decoder ran in one llama_decode.
void ForeachItems(TinyModelOptions options, int rounds)
{
    const int tokens = 64;
    var model = Model(options, "foreach");
    var prompts = Enumerable.Range(0, 8).Select(i => $"Prompt number {i}: tell me about the sea.").ToArray();
    LocalLlmStep Items(int? parallel) => new("each", v => v["item"])
    {
        Model = model, MaxTokens = tokens, Temperature = 0, Foreach = ForeachSource.List(prompts), MaxParallel = parallel, Output = "texts",
    };

    var sequentialSteps = prompts.Select((p, i) => (WorkflowStep)Step("s" + i, model, p, tokens)).ToList();
    double Time(Workflow workflow)
    {
        var clock = Stopwatch.StartNew();
        var result = WorkflowRunner.RunAsync([workflow], Quiet()).GetAwaiter().GetResult();
        var elapsed = clock.Elapsed.TotalSeconds;
        if (result.Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException(result.Workflows[0].Steps.First(s => s.Error is not null).Error);
        }

        return elapsed;
    }

    var byDefault = new Workflow("items", [Items(null)]);
    var eight = new Workflow("items8", [Items(8)]);
    var sequential = new Workflow("seq", sequentialSteps);
    Time(byDefault);
    Time(sequential);
    var times = (Default: new List<double>(), Eight: new List<double>(), Sequential: new List<double>());
    for (var i = 0; i < rounds; i++)
    {
        // Rotate the order, so none always runs first.
        var order = new Action[] { () => times.Sequential.Add(Time(sequential)), () => times.Default.Add(Time(byDefault)), () => times.Eight.Add(Time(eight)) };
        for (var j = 0; j < order.Length; j++)
        {
            order[(i + j) % order.Length]();
        }
    }

    var peak = ModelCache.GetAsync(model, CancellationToken.None).GetAwaiter().GetResult().Decoder.PeakSequences;
    File.Delete(model);
    var seq = Median(times.Sequential);
    Console.WriteLine($"8 items x {tokens} tokens, median of {rounds}: sequential {F(seq * 1000, "0.0")} ms; foreach default max_parallel {F(Median(times.Default) * 1000, "0.0")} ms, ratio {F(Median(times.Default) / seq, "0.00")}; max_parallel 8 {F(Median(times.Eight) * 1000, "0.0")} ms, ratio {F(Median(times.Eight) / seq, "0.00")}; most sequences in one llama_decode: {peak}");
}
