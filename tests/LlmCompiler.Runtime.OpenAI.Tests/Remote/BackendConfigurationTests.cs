using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Runtime.Plugins;
using LlmCompiler.Runtime.Remote;
using static LlmCompiler.Runtime.Tests.Remote.RemoteTestKit;

namespace LlmCompiler.Runtime.Tests.Remote;

/// <summary>Environment variables, missing key or model, and clients supplied by the host.</summary>
[TestClass]
public sealed class BackendConfigurationTests
{
    private static readonly Uri RemoteServer = new("https://llm.example.invalid/v1");

    [TestMethod]
    public async Task MissingKeyForANonLoopbackServerFailsTheStepNamingTheVariable()
    {
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = RemoteServer, DefaultModel = "m" });
        var (result, console) = await RunAsync(backend, Step("hi"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "set the OPENAI_API_KEY environment variable");
        StringAssert.Contains(console, "OPENAI_API_KEY");
    }

    [TestMethod]
    public async Task StepWithoutAnyModelFailsNamingOpenAIModel()
    {
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1") });
        var (result, _) = await RunAsync(backend, Step("hi"));

        var step = OnlyStep(result);
        Assert.AreEqual(StepStatus.Failed, step.Status);
        StringAssert.Contains(step.Error, "OPENAI_MODEL");
        StringAssert.Contains(step.Error, "'model'");
    }

    [TestMethod]
    public void FromEnvironmentReadsTheOpenAIAndLimitVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "k",
            ["OPENAI_BASE_URL"] = "http://localhost:8000/v1",
            ["OPENAI_MODEL"] = "llama",
            ["LLMC_LLM_MAX_CONCURRENCY"] = "3",
            ["LLMC_LLM_TIMEOUT_SECONDS"] = "42",
            ["LLMC_LLM_MAX_RETRIES"] = "0",
        };
        var options = OpenAIModelBackendOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.AreEqual("k", options.ApiKey);
        Assert.AreEqual(new Uri("http://localhost:8000/v1"), options.BaseUrl);
        Assert.AreEqual("llama", options.DefaultModel);
        Assert.AreEqual(3, options.MaxConcurrency);
        Assert.AreEqual(TimeSpan.FromSeconds(42), options.RequestTimeout);
        Assert.AreEqual(0, options.MaxRetries);
        Assert.IsNull(options.ConfigurationError);
    }

    [TestMethod]
    public void FromEnvironmentDefaultsToOpenAIWithALimitOfEight()
    {
        var options = OpenAIModelBackendOptions.FromEnvironment(_ => null);
        Assert.AreEqual(OpenAIModelBackendOptions.DefaultBaseUrl, options.BaseUrl);
        Assert.IsNull(options.ApiKey);
        Assert.AreEqual(8, options.MaxConcurrency);
        Assert.AreEqual(3, options.MaxRetries);
    }

    [TestMethod]
    public async Task BadEnvironmentValuesFailLlmStepsNamingTheVariable()
    {
        var variables = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = "not a url",
            ["LLMC_LLM_MAX_CONCURRENCY"] = "0",
            ["LLMC_LLM_TIMEOUT_SECONDS"] = "9999999",
            ["OPENAI_MODEL"] = "m",
        };
        using var backend = new OpenAIModelBackend(OpenAIModelBackendOptions.FromEnvironment(name => variables.GetValueOrDefault(name)));

        var (result, _) = await RunAsync(backend, Step("hi"));

        var error = OnlyStep(result).Error;
        StringAssert.Contains(error, "OPENAI_BASE_URL");
        StringAssert.Contains(error, "LLMC_LLM_MAX_CONCURRENCY");
        StringAssert.Contains(error, "LLMC_LLM_TIMEOUT_SECONDS");
    }

    [TestMethod]
    public void ThePackagesPluginRegistersTheEnvironmentBackendForLlmSteps()
    {
        // Run options leave the backend to the registered one; the plugin is what generated programs call.
        Assert.IsNull(new WorkflowRunOptions().RemoteModels);
        var registrations = new RecordingRegistrations();
        new OpenAIBackendPlugin().Initialize(registrations);

        var (kind, factory) = registrations.Backends.Single();
        Assert.AreEqual("llm", kind);
        using var backend = (IDisposable)factory(new BackendContext("llm", null));
        Assert.IsInstanceOfType<OpenAIModelBackend>(backend);
    }

    [TestMethod]
    public async Task HostClientsServeTheirModelAndTheDefaultClientTheRestWithoutAnyKey()
    {
        var special = new FakeChatClient("special");
        var fallback = new FakeChatClient("fallback");
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { BaseUrl = RemoteServer })
            .Use("special-model", special)
            .UseDefault(fallback);

        var (result, console) = await RunAsync(
            backend,
            new LlmStep("a", _ => "one") { Model = "special-model", Output = "a" },
            new LlmStep("b", _ => "two") { Model = "other-model", Output = "b" },
            new LlmStep("c", _ => "three") { Output = "c" });

        Assert.AreEqual(RunStatus.Succeeded, result.Status, console);
        var variables = result.Workflows.Single().Variables;
        Assert.AreEqual("special: one", variables["a"]);
        Assert.AreEqual("fallback: two", variables["b"]);
        Assert.AreEqual("fallback: three", variables["c"]);
        Assert.AreEqual(2L, result.Workflows.Single().Steps[0].InputTokens);
    }

    [TestMethod]
    public async Task HostClientsGetTheConcurrencyLimitToo()
    {
        var client = new FakeChatClient("host", TimeSpan.FromMilliseconds(30));
        using var backend = new OpenAIModelBackend(new OpenAIModelBackendOptions { MaxConcurrency = 2 }).UseDefault(client);
        var workflows = Enumerable.Range(0, 12).Select(i => new Workflow("w" + i, [Step("hi")])).ToArray();

        var result = await WorkflowRunner.RunAsync(workflows, new WorkflowRunOptions { RemoteModels = backend, Output = TextWriter.Null, Log = TextWriter.Null });

        Assert.AreEqual(RunStatus.Succeeded, result.Status);
        Assert.AreEqual(12, client.Calls);
        Assert.IsTrue(client.MaxInFlight <= 2, $"{client.MaxInFlight} calls ran at once");
    }

    /// <summary>Notes what a plugin registers.</summary>
    private sealed class RecordingRegistrations : ILlmCompilerRegistrations
    {
        public List<(string Kind, Func<BackendContext, object> Factory)> Backends { get; } = [];

        public void RegisterBackend<TBackend>(string stepKind, Func<BackendContext, TBackend> factory)
            where TBackend : class => Backends.Add((stepKind, factory));

        public void RegisterEngine(string name, Func<IWorkflowEngine> factory) => throw new AssertFailedException("a backend plugin registers no engine");

        public void RegisterProFeatures(IProFeatures features) => throw new AssertFailedException("a backend plugin registers no edition");

        public void ReportProInactive(string reason) => throw new AssertFailedException("a backend plugin registers no edition");

        public void RegisterTelemetryExport(Func<string, IDisposable?> start) => throw new AssertFailedException("a backend plugin registers no telemetry export");
    }
}
