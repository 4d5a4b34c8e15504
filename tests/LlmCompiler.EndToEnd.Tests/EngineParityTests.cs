using System.Text.RegularExpressions;
using LlmCompiler.EndToEnd.Tests.Infrastructure;
using LlmCompiler.Testing.OpenAIServer;
using LlmCompiler.Tests.Shared;

namespace LlmCompiler.EndToEnd.Tests;

/// <summary>
/// Issue 24: every compat fixture and golden input, and the fixtures under Parity/ (foreach with failures and
/// continue_on_error, loops that fail, calls, retry, timeouts, cancellation, recorded, replayed and cached model replies), give the same
/// run file under the embedded engine and under <c>--engine durabletask</c> on Azurite, times and workers aside
/// (<see cref="RunFileDifferences"/> says what is blanked and why). A failure lists every field that differs, by path.
/// </summary>
/// <remarks>
/// Cost: one project holds every fixture and is built once; one Azurite and one loopback model server serve the class.
/// The project's own entry point runs only the workflows a test names (the generated one would run them all at once),
/// each run in a fresh working directory that is the same path for both engines, so paths in messages agree too.
/// </remarks>
[TestClass]
public sealed class EngineParityTests
{
    private static readonly ClassAzurite Emulator = new();
    private static FakeOpenAIServer? _server;
    private static TestProject? _project;

    public TestContext TestContext { get; set; } = null!;

    private static TestProject Project => _project ?? throw new InvalidOperationException("The parity project was not built.");

    private static string GoldenDirectory => Path.Combine(TestFeed.RepoRoot, "tests", "LlmCompiler.Tasks.Tests", "Golden");

    private static string ParityDirectory => Path.Combine(TestFeed.RepoRoot, "tests", "LlmCompiler.EndToEnd.Tests", "Parity");

    /// <summary>Every fixture: where it sits in the project, the files its steps read, its command line, the exit code the embedded engine gives it.</summary>
    private static readonly ParityFixture[] Fixtures =
    [
        Compat("shell_basic", 0),
        Compat("template", 0),
        Compat("parallel", 0),
        Compat("conditional", 0),
        Compat("cross_workflow", 0),
        Compat("error_handling", 1),

        // The demo's local_llm steps name a model on its author's machine: they run on the generated test model instead
        // (as LocalLlmTests does). Its workflow names are those of cross_workflow (and waits.yaml below); names are
        // project-wide, so they get a prefix (a rename of the input, not of anything compared).
        new("compat-demo", "fixtures/compat/demo.yaml", () => Rename(
            CompatInputs.Read("upstream-demo-example.yaml").Replace("/Users/libochen/Downloads/meta-llama-3-8b-instruct.Q4_K_M.gguf", "${LLMC_MODEL}", StringComparison.Ordinal),
            "demo_", "producer", "consumer", "conditional"), 0),

        // Golden inputs (tests/LlmCompiler.Tasks.Tests/Golden), with the files their steps read.
        Golden("calls", 0, files: new() { ["README.md"] = "# Parity\nThe readme.\n", ["notes.md"] = "Some notes to summarize.\n" }),
        Golden("foreach", 0, files: new() { ["a.txt"] = "alpha\n", ["b.txt"] = "bravo bravo\n" }),
        Golden("model-steps", 0),
        Golden("prompt-files", 0),
        Golden("schemas", 0),

        // server-everything from the tests' tools instead of npx (no registry here); the HTTP server 'docs' is not
        // running, so its steps fail alike under both engines (one continues on error, the llm step fails the run).
        new("golden-mcp", "fixtures/golden/mcp.yaml", () => File.ReadAllText(Path.Combine(GoldenDirectory, "mcp.yaml"))
            .Replace("command: npx\n    args: [\"-y\", \"@modelcontextprotocol/server-everything\"]", $"command: {TestTools.ServerEverything()}\n    args: [stdio]", StringComparison.Ordinal), 1),
        Golden("loops", 0),
        Golden("shell-arithmetic", 0),

        // Its working_directory is /tmp/{{topic}}; its last step runs under pwsh (installed by the class).
        Golden("shell-features", 0, arguments: ["--input", "topic=llmc-parity-topic"]),
        new("golden-waits", "fixtures/golden/waits.yaml", () => Rename(File.ReadAllText(Path.Combine(GoldenDirectory, "waits.yaml")), "waits_", "producer", "consumer"), 0),

        // New fixtures (Parity/).
        Own("foreach-failures", 1),
        Own("calls-failures", 1),
        Own("retry", 1),
        Own("timeouts", 1),
        Own("loops-failures", 1),
    ];

    private static ParityFixture Cancellation { get; } = Own("cancellation", 130);

    private static ParityFixture ModelReplies { get; } = Own("model-replies", 0);

    [ClassInitialize]
    public static async Task BuildTheProjectAsync(TestContext context)
    {
        // shell-features.yaml has a pwsh step; without pwsh both engines would only agree on its failure.
        TestTools.EnsurePowerShellOnPath();
        Directory.CreateDirectory("/tmp/llmc-parity-topic");
        var azurite = Emulator.StartAsync(context);
        _server = await FakeOpenAIServer.StartAsync();

        // schemas.yaml asks for an integer in [1, 2, 3]; everything else gets the server's default echo.
        _server.Responder = request => new FakeReply
        {
            Content = request.Messages[^1].Content.StartsWith("Count ", StringComparison.Ordinal) ? "2" : "reply to: " + request.Messages[^1].Content,
        };

        var files = new Dictionary<string, string> { ["Program.cs"] = EntryPoint };
        foreach (var fixture in Fixtures.Append(Cancellation).Append(ModelReplies))
        {
            files[fixture.ProjectPath] = fixture.Text();
        }

        foreach (var prompt in Directory.EnumerateFiles(Path.Combine(GoldenDirectory, "prompts")))
        {
            files["fixtures/golden/prompts/" + Path.GetFileName(prompt)] = File.ReadAllText(prompt);
        }

        _project = await TestProject.CreateAsync("engine_parity", files, ProjectBody);
        LlmCompiler.TinyModel.TinyModel.Write(Project.PathOf("models/tiny.gguf"));
        var build = await Project.BuildAsync();
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        await azurite;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Emulator.StopAsync();
    }

    public static IEnumerable<object[]> FixtureNames() => Fixtures.Select(f => new object[] { f.Name });

    [TestMethod]
    [DynamicData(nameof(FixtureNames))]
    public async Task AFixtureGivesTheSameRunFileUnderBothEngines(string name)
    {
        var fixture = Fixtures.Single(f => f.Name == name);
        var embedded = await RunAsync(fixture, durable: false);
        var durable = await RunAsync(fixture, durable: true);

        Assert.AreEqual(fixture.ExitCode, embedded.Result.ExitCode, "the fixture no longer does what it is for, under the embedded engine:\n" + embedded.Result);
        AssertSame(fixture, embedded, durable);
    }

    [TestMethod]
    public async Task ARunInterruptedWhileStepsAndItemsAreInFlightGivesTheSameRunFileUnderBothEngines()
    {
        var embedded = await RunInterruptedAsync(Cancellation, durable: false);
        var durable = await RunInterruptedAsync(Cancellation, durable: true);

        // The fixture does what it is for (under the embedded engine): the signal came while the flagged step and item ran.
        Assert.AreEqual(130, embedded.Result.ExitCode, embedded.Result.ToString());
        using (var runFile = System.Text.Json.JsonDocument.Parse(embedded.RunFile))
        {
            var workflows = runFile.RootElement.GetProperty("workflows");
            CollectionAssert.AreEqual(
                new[] { "succeeded", "cancelled", "not_run", "succeeded", "succeeded" },
                workflows.GetProperty("cancel_steps").GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToArray(),
                embedded.RunFile);
            Assert.AreEqual("cancelled", workflows.GetProperty("cancel_items").GetProperty("steps")[0].GetProperty("status").GetString(), embedded.RunFile);
        }

        AssertSame(Cancellation, embedded, durable);
    }

    [TestMethod]
    [DataRow("record", DisplayName = "--record against the loopback server")]
    [DataRow("replay", DisplayName = "--replay of a recording")]
    [DataRow("cache", DisplayName = "--cache filled by an earlier run")]
    public async Task ModelRepliesGiveTheSameRunFileUnderBothEngines(string mode)
    {
        var fixture = ModelReplies;

        // What the replay and the cache answer from is made once, by an embedded run of its own, outside the compared runs.
        var source = Project.PathOf(Path.Combine("sources", mode + "-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(source);
        if (mode != "record")
        {
            var option = mode == "replay" ? "--record" : "--cache";
            var prepared = await RunAsync(fixture, durable: false, [option, source], variant: mode);
            Assert.AreEqual(0, prepared.Result.ExitCode, prepared.Result.ToString());
        }

        string[] arguments = mode switch
        {
            "record" => ["--record", "recordings"],
            "replay" => ["--replay", source],
            _ => ["--cache", "cache"],
        };

        // A replay never calls a model: the server's address is one where nothing listens, so a request would fail its step.
        var server = mode == "replay" ? "http://127.0.0.1:9/v1" : null;
        var embedded = await RunAsync(fixture, durable: false, arguments, server, cacheFrom: mode == "cache" ? source : null, variant: mode);
        var embeddedRecordings = mode == "record" ? Recordings(fixture, mode) : [];
        var durable = await RunAsync(fixture, durable: true, arguments, server, cacheFrom: mode == "cache" ? source : null, variant: mode);

        Assert.AreEqual(0, embedded.Result.ExitCode, embedded.Result.ToString());
        AssertSame(fixture, embedded, durable);
        if (mode == "record")
        {
            // Both engines record the same requests with the same answers: the same files, byte for byte.
            CollectionAssert.AreEqual(embeddedRecordings, Recordings(fixture, mode), "the recordings differ between the engines");
        }
    }

    /// <summary>
    /// Golden inputs the durable engine cannot run yet, each with why: the list shrinks as the engine learns them, and a
    /// name here that is also a fixture fails the test below.
    /// </summary>
    private static readonly Dictionary<string, string> NotYetParity = new(StringComparer.Ordinal)
    {
        ["golden-input-steps"] = "input steps wait for a person; the durable orchestration's wait on an external event is not built yet (issue 26)",
    };

    [TestMethod]
    public void EveryGoldenInputAndCompatFixtureIsAParityFixture()
    {
        foreach (var golden in Directory.EnumerateFiles(GoldenDirectory, "*.yaml"))
        {
            var name = "golden-" + Path.GetFileNameWithoutExtension(golden);
            if (NotYetParity.ContainsKey(name))
            {
                Assert.IsFalse(Fixtures.Any(f => f.Name == name), $"{name} is a parity fixture now: remove it from {nameof(NotYetParity)}");
                continue;
            }

            Assert.IsTrue(Fixtures.Any(f => f.Name == name), $"{golden} has no parity fixture: add it to {nameof(Fixtures)}, with the files its steps read");
        }

        foreach (var compat in Directory.EnumerateFiles(Path.Combine(CompatInputs.Directory, "upstream-fixtures"), "*.yaml"))
        {
            var name = "compat-" + Path.GetFileNameWithoutExtension(compat);
            Assert.IsTrue(Fixtures.Any(f => f.Name == name), $"{compat} has no parity fixture");
        }
    }

    private void AssertSame(ParityFixture fixture, ParityRun embedded, ParityRun durable)
    {
        var differences = RunFileDifferences.Between(embedded.RunFile, durable.RunFile);
        if (embedded.Result.ExitCode != durable.Result.ExitCode)
        {
            differences.Insert(0, new RunFileDifferences.Difference("exit code", embedded.Result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), durable.Result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var difference in differences)
        {
            TestContext.WriteLine($"parity difference [{fixture.Name}] {difference}");
        }

        if (differences.Count > 0)
        {
            // The whole run files, for whoever reads the result: the differences name paths in them.
            var kept = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "parity-" + fixture.Name + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(kept);
            File.WriteAllText(Path.Combine(kept, "embedded.json"), embedded.RunFile);
            File.WriteAllText(Path.Combine(kept, "durable.json"), durable.RunFile);
            TestContext.AddResultFile(Path.Combine(kept, "embedded.json"));
            TestContext.AddResultFile(Path.Combine(kept, "durable.json"));

            Assert.Fail($"{fixture.Name}: {differences.Count} difference(s) between the engines' run files (embedded | durable):\n"
                + string.Join("\n", differences)
                + $"\n--- embedded ---\n{embedded.Result}\n--- durable ---\n{durable.Result}");
        }
    }

    /// <summary>Runs the fixture's workflows to their end under one engine, in a fresh working directory (one per <paramref name="variant"/>).</summary>
    private static async Task<ParityRun> RunAsync(ParityFixture fixture, bool durable, string[]? extra = null, string? server = null, string? cacheFrom = null, string? variant = null)
    {
        var (directory, runFile) = Prepare(fixture, durable, cacheFrom, variant);
        var result = await ProcessRunner.RunAsync("dotnet", [Project.PathOf(Path.Combine("bin", "Debug", "net10.0", Project.Name + ".dll")), .. Arguments(fixture, durable, runFile, extra ?? [])], directory, Environment(fixture, server));
        return new ParityRun(result, ReadRunFile(runFile, result.ToString()));
    }

    /// <summary>Runs the fixture until each workflow's step has written its flag, then sends SIGINT, as Ctrl+C does.</summary>
    private static async Task<ParityRun> RunInterruptedAsync(ParityFixture fixture, bool durable)
    {
        var (directory, runFile) = Prepare(fixture, durable, cacheFrom: null);
        await using var program = BackgroundProgram.StartIn(directory, Project, Environment(fixture, server: null), [.. Arguments(fixture, durable, runFile, [])]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Path.Combine(directory, "steps.ready")) || !File.Exists(Path.Combine(directory, "items.ready")))
        {
            Assert.IsTrue(DateTime.UtcNow < deadline && !program.HasExited, "the flags were not written:\n" + program.Output);
            await Task.Delay(100);
        }

        program.Interrupt();
        var exitCode = await program.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var result = new CommandResult(exitCode, program.Output, string.Empty);
        return new ParityRun(result, ReadRunFile(runFile, result.ToString()));
    }

    /// <summary>
    /// The fixture's working directory, emptied and given the files its steps read: one path for both engines, so that
    /// a path in an error message is no difference, and nothing the first run left (a retry's counter) reaches the second.
    /// Data rows of one fixture run at once (the assembly parallelises them), so each <paramref name="variant"/> has its own:
    /// when they shared one, a row emptying it took the directory from under another row's durable run (FileNotFoundException, exit 70).
    /// </summary>
    private static (string Directory, string RunFile) Prepare(ParityFixture fixture, bool durable, string? cacheFrom, string? variant = null)
    {
        var directory = Project.PathOf(Path.Combine("runs", variant is null ? fixture.Name : fixture.Name + "-" + variant));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var (path, content) in fixture.Files)
        {
            File.WriteAllText(Path.Combine(directory, path), content);
        }

        if (cacheFrom is not null)
        {
            TestFeed.CopyDirectory(cacheFrom, Path.Combine(directory, "cache"));
        }

        var runFiles = Project.PathOf("run-files");
        Directory.CreateDirectory(runFiles);
        var runFile = Path.Combine(runFiles, $"{fixture.Name}.{(durable ? "durable" : "embedded")}.{Guid.NewGuid():N}.json");
        return (directory, runFile);
    }

    private static string[] Arguments(ParityFixture fixture, bool durable, string runFile, string[] extra)
    {
        string[] engine = durable
            ? ["--engine", "durabletask", "--connection", Emulator.Server.ConnectionString, "--task-hub", "parity" + Guid.NewGuid().ToString("N")[..16]]
            : [];
        return ["--run-file", runFile, .. fixture.Arguments, .. extra, .. engine];
    }

    private static Dictionary<string, string?> Environment(ParityFixture fixture, string? server)
    {
        var environment = new Dictionary<string, string?>(TestFeed.DotnetEnvironment)
        {
            ["PARITY_WORKFLOWS"] = string.Join(",", fixture.Workflows()),
            ["OPENAI_BASE_URL"] = server ?? _server!.BaseUrl.ToString(),
            ["OPENAI_MODEL"] = "default-model",
            ["OPENAI_API_KEY"] = null,
            ["LLMC_MODEL"] = Project.PathOf("models/tiny.gguf"),
            ["LLMC_ENGINE"] = null,
            ["LLMC_RECORD"] = null,
            ["LLMC_REPLAY"] = null,
            ["LLMC_CACHE"] = null,
        };
        return environment;
    }

    private static string ReadRunFile(string path, string run) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new AssertFailedException($"no run file was written at {path}:\n{run}");

    /// <summary>The recordings a run left in the fixture's working directory: each file's name and text, in name order.</summary>
    private static List<string> Recordings(ParityFixture fixture, string variant)
    {
        var directory = Project.PathOf(Path.Combine("runs", fixture.Name + "-" + variant, "recordings"));
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f))]
            : [];
    }

    private static ParityFixture Compat(string name, int exitCode) =>
        new("compat-" + name, $"fixtures/compat/{name}.yaml", () => CompatInputs.Read(Path.Combine("upstream-fixtures", name + ".yaml")), exitCode);

    private static ParityFixture Golden(string name, int exitCode, Dictionary<string, string>? files = null, string[]? arguments = null) =>
        new("golden-" + name, $"fixtures/golden/{name}.yaml", () => File.ReadAllText(Path.Combine(GoldenDirectory, name + ".yaml")), exitCode, files, arguments);

    private static ParityFixture Own(string name, int exitCode) =>
        new(name, $"fixtures/parity/{name}.yaml", () => File.ReadAllText(Path.Combine(ParityDirectory, name + ".yaml")), exitCode);

    /// <summary>Prefixes workflow names wherever they stand as words (their <c>name:</c>, <c>wait_for</c> and <c>{{workflow.step}}</c> references).</summary>
    private static string Rename(string text, string prefix, params string[] workflows) =>
        workflows.Aggregate(text, (current, workflow) => Regex.Replace(current, $@"\b{workflow}\b", prefix + workflow));

    private const string ProjectBody = """
        <PropertyGroup>
          <LlmCompilerDurableTask>true</LlmCompilerDurableTask>
          <LlmCompilerGenerateEntryPoint>false</LlmCompilerGenerateEntryPoint>
          <RootNamespace>Parity</RootNamespace>
        </PropertyGroup>
        <ItemGroup><Workflow Include="fixtures/**/*.yaml" /></ItemGroup>
        """;

    /// <summary>
    /// The project's entry point: WorkflowProgram, as the generated one calls it (so the same command line, engines and
    /// run file), given only the workflows PARITY_WORKFLOWS names instead of all of them.
    /// </summary>
    private const string EntryPoint = """
        var names = (System.Environment.GetEnvironmentVariable("PARITY_WORKFLOWS") ?? string.Empty).Split(',', System.StringSplitOptions.RemoveEmptyEntries);
        var selected = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Where(Parity.LlmCompilerWorkflows.All, w => System.Array.IndexOf(names, w.Name) >= 0));
        if (selected.Length != names.Length)
        {
            System.Console.Error.WriteLine($"PARITY_WORKFLOWS names workflows the project does not have: {string.Join(",", names)}");
            return 2;
        }

        return await LlmCompiler.Runtime.WorkflowProgram.RunAsync(args, selected, "parity", graph: Parity.LlmCompilerWorkflows.Graph);
        """;

    private sealed record ParityRun(CommandResult Result, string RunFile);

    /// <summary>A fixture: its name, its path in the project, its text, the exit code the embedded engine gives it, the files its steps read and its arguments.</summary>
    private sealed record ParityFixture(string Name, string ProjectPath, Func<string> Text, int ExitCode, Dictionary<string, string>? ExtraFiles = null, string[]? ExtraArguments = null)
    {
        public IReadOnlyDictionary<string, string> Files => ExtraFiles ?? [];

        public string[] Arguments => ExtraArguments ?? [];

        /// <summary>The names of the workflows in the fixture's text: every top-level <c>name:</c> of its YAML documents.</summary>
        public IEnumerable<string> Workflows() =>
            Regex.Matches(Text(), @"^name:\s*(\S+)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
    }
}
