using LlmCompiler.Tasks.Kinds;

namespace LlmCompiler.Tasks.Language;

/// <summary>
/// The fields of a step. Their order is the order the emitter sets runtime properties in (generated code stays
/// byte-identical), so: what the step does, then fields of every step, then shell fields, then model fields.
/// </summary>
internal static class StepFields
{
    /// <summary>Longest timeout or backoff: beyond this the runtime's timers overflow, and no workflow needs it.</summary>
    private const double MaxSeconds = 1_000_000;

    private static readonly NumberRange Positive = new(0, MinExclusive: true);

    public static readonly FieldDescriptor Name = new("name", ValueKind.Text, "Step name, unique in its workflow (required).")
    {
        RequiredFor = StepTypes.All,
    };

    public static readonly FieldDescriptor Type = new("type", ValueKind.Choice, "The step type (required).")
    {
        RequiredFor = StepTypes.All,
        Choices = StepKinds.Choices,
    };

    public static readonly FieldDescriptor Command = new("command", ValueKind.Template, "The command to run (required).")
    {
        Steps = StepTypes.Shell,
        RequiredFor = StepTypes.Shell,
    };

    public static readonly FieldDescriptor Prompt = new("prompt", ValueKind.Template, "The prompt (required); for `input`, the question, in Markdown.")
    {
        Steps = StepTypes.Model | StepTypes.Input,
        RequiredFor = StepTypes.Model | StepTypes.Input,
    };

    public static readonly FieldDescriptor Workflow = new("workflow", ValueKind.Text, "The workflow to run (required); it is then not started on its own.")
    {
        Steps = StepTypes.Workflow,
        RequiredFor = StepTypes.Workflow,
    };

    public static readonly FieldDescriptor With = new("with", ValueKind.Arguments, "The called workflow's inputs: `{ name: \"text {{var}}\" }`, checked against its `inputs`.")
    {
        Steps = StepTypes.Workflow,
        Property = "With",
    };

    public static readonly FieldDescriptor Server = new("server", ValueKind.Text, "The MCP server, by its name in `mcp_servers` (required).")
    {
        Steps = StepTypes.Mcp,
        RequiredFor = StepTypes.Mcp,
    };

    public static readonly FieldDescriptor Tool = new("tool", ValueKind.Text, "The tool to call on that server (required).")
    {
        Steps = StepTypes.Mcp,
        RequiredFor = StepTypes.Mcp,
    };

    public static readonly FieldDescriptor Arguments = new("arguments", ValueKind.Arguments, "The tool's arguments: `{ a: 2, b: \"{{n}}\" }`, templates whose values become JSON by the tool's input schema (numbers stay numbers).")
    {
        Steps = StepTypes.Mcp,
        Property = "Arguments",
    };

    public static readonly FieldDescriptor Output = new("output", ValueKind.Text, "Variable that receives the step's output.")
    {
        Property = "Output",
    };

    public static readonly FieldDescriptor Schema = new("schema", ValueKind.Schema, "The output's JSON Schema (type, properties, required, items, enum, description), or the path of a .json file beside the YAML.")
    {
        Steps = StepTypes.Shell | StepTypes.Model | StepTypes.Input | StepTypes.Mcp,
        Property = "OutputSchema",
    };

    public static readonly FieldDescriptor WaitFor = new("wait_for", ValueKind.Text, "`workflow.step` to wait for; its output is stored under that key.")
    {
        Property = "WaitFor",
    };

    public static readonly FieldDescriptor WaitTimeout = new("wait_timeout", ValueKind.WholeSeconds, "Seconds to wait for `wait_for`.")
    {
        Range = Positive,
        Property = "WaitTimeout",
    };

    public static readonly FieldDescriptor If = new("if", ValueKind.Condition, "Condition; the step is skipped when false.")
    {
        Property = "Condition",
    };

    public static readonly FieldDescriptor Timeout = new("timeout", ValueKind.Seconds, "Seconds one attempt may run (fractions allowed); for `input`, how long to wait for the answer.")
    {
        Range = new NumberRange(0, MinExclusive: true, MaxSeconds) { Unit = "seconds" },
        Property = "Timeout",
    };

    public static readonly FieldDescriptor Retry = new("retry", ValueKind.Retry, "`3` (attempts in all) or `{ max_attempts: 3, backoff: 2 }`.");

    public static readonly FieldDescriptor ContinueOnError = new("continue_on_error", ValueKind.Boolean, "`true`: a failure of this step does not fail the workflow.")
    {
        Default = "false",
        Property = "ContinueOnError",
    };

    public static readonly FieldDescriptor Foreach = new("foreach", ValueKind.Foreach, "Run the step once per item: `fromJSON(var)`, `lines(var)`, a typed array (a foreach step's output, an array field `r.tags`), or a list `[a, b, c]`.")
    {
        Property = "Foreach",
    };

    public static readonly FieldDescriptor MaxParallel = new("max_parallel", ValueKind.Integer, "Most items of a `foreach` step running at once (1: in order).")
    {
        Range = Positive,
        Property = "MaxParallel",
    };

    public static readonly FieldDescriptor FailFast = new("fail_fast", ValueKind.Boolean, "`false`: a failed item of a `foreach` step lets the others run; the step fails after them.")
    {
        Default = "true",
        Property = "FailFast",
    };

    public static readonly FieldDescriptor Until = new("until", ValueKind.Condition, "Repeat the step until this condition holds, checked after each iteration on that iteration's output (requires `max_iterations`).")
    {
        Property = "Until",
    };

    public static readonly FieldDescriptor MaxIterations = new("max_iterations", ValueKind.Integer, "Most iterations of an `until` loop (required with `until`).")
    {
        Range = Positive,
        Property = "MaxIterations",
    };

    public static readonly FieldDescriptor OnLimit = new("on_limit", ValueKind.Choice, "What an `until` loop does when `max_iterations` ran and the condition is still false.")
    {
        Default = "fail",
        Choices =
        [
            new("fail", "The step fails, saying the condition never held."),
            new("continue", "The step succeeds with the last iteration's output."),
        ],
        Property = "OnLimit",
    };

    public static readonly FieldDescriptor LoopTimeout = new("loop_timeout", ValueKind.Seconds, "Seconds a whole `until` loop may run (`timeout` bounds each iteration's attempt).")
    {
        Range = new NumberRange(0, MinExclusive: true, MaxSeconds) { Unit = "seconds" },
        Property = "LoopTimeout",
    };

    public static readonly FieldDescriptor Env = new("env", ValueKind.Env, "Environment variables for the command: `{ NAME: \"text {{var}}\" }`.")
    {
        Steps = StepTypes.Shell,
        Property = "Environment",
    };

    public static readonly FieldDescriptor Shell = new("shell", ValueKind.Choice, "The shell that runs `command`.")
    {
        Steps = StepTypes.Shell,
        Default = "sh",
        Choices =
        [
            new("sh", "POSIX sh (`sh -c`)."),
            new("bash", "bash (`bash -c`)."),
            new("pwsh", "PowerShell (`pwsh -NoProfile -NonInteractive -Command`)."),
        ],
        Property = "Shell",
    };

    public static readonly FieldDescriptor WorkingDirectory = new("working_directory", ValueKind.Template, "Directory to run in (a template); a missing directory fails the step.")
    {
        Steps = StepTypes.Shell,
        Property = "WorkingDirectory",
    };

    public static readonly FieldDescriptor Model = new("model", ValueKind.Text, "Model id (llm) or GGUF path (local_llm; required).")
    {
        Steps = StepTypes.Model,
        RequiredFor = StepTypes.LocalLlm,
        MissingHint = " Give the path of a GGUF file, or an environment reference such as ${LLMC_MODEL}.",
        Property = "Model",
    };

    public static readonly FieldDescriptor System = new("system", ValueKind.Template, "System prompt.")
    {
        Steps = StepTypes.Model,
        Property = "System",
    };

    public static readonly FieldDescriptor PromptFile = new("prompt_file", ValueKind.TemplateFile, "Instead of `prompt`: a file, relative to the workflow file, holding the prompt (same template syntax; compiled in).")
    {
        Steps = StepTypes.Model | StepTypes.Input,
        Replaces = Prompt,
    };

    public static readonly FieldDescriptor SystemFile = new("system_file", ValueKind.TemplateFile, "Instead of `system`: a file, relative to the workflow file, holding the system prompt.")
    {
        Steps = StepTypes.Model,
        Replaces = System,
        Property = "System",
    };

    public static readonly FieldDescriptor MaxTokens = new("max_tokens", ValueKind.Integer, "Largest number of tokens to generate.")
    {
        Steps = StepTypes.Model,
        Range = Positive,
        Property = "MaxTokens",
    };

    public static readonly FieldDescriptor Temperature = new("temperature", ValueKind.Number, "Sampling temperature, from 0 to 2.")
    {
        Steps = StepTypes.Model,
        Range = new NumberRange(0, MinExclusive: false, 2),
        Property = "Temperature",
    };

    public static readonly FieldDescriptor TopP = new("top_p", ValueKind.Number, "Nucleus sampling: the probability mass to sample from, above 0 and at most 1.")
    {
        Steps = StepTypes.Model,
        Range = new NumberRange(0, MinExclusive: true, 1),
        Property = "TopP",
    };

    public static readonly FieldDescriptor TopK = new("top_k", ValueKind.Integer, "Sample from the k most likely tokens.")
    {
        Steps = StepTypes.Model,
        Range = Positive,
        Property = "TopK",
    };

    public static readonly FieldDescriptor Seed = new("seed", ValueKind.Integer64, "Random seed, for repeatable output.")
    {
        Steps = StepTypes.Model,
        Property = "Seed",
    };

    public static readonly FieldDescriptor Options = new("options", ValueKind.TextList, "The answers a person may choose from (`input`); the output is one of them.")
    {
        Steps = StepTypes.Input,
        Property = "Options",
    };

    public static readonly FieldDescriptor Default = new("default", ValueKind.Scalar, "The answer taken when `timeout` passes (`input`); without it the timeout fails the step.")
    {
        Steps = StepTypes.Input,
        Property = "Default",
    };

    public static readonly FieldDescriptor Stop = new("stop", ValueKind.TextList, "Text, or a list of texts, at which generation stops.")
    {
        Steps = StepTypes.Model,
        Property = "Stop",
    };

    public static readonly FieldDescriptor Tools = new("tools", ValueKind.TextList, "The MCP tools the model may call: `[everything.echo, docs.*]` (`server.tool`, or `server.*` for all of a server's tools); none unless listed. llm steps only.")
    {
        Steps = StepTypes.Model,
    };

    public static readonly FieldDescriptor MaxToolCalls = new("max_tool_calls", ValueKind.Integer, "Most tool calls the model may make in one attempt (default 10); asking for more fails the step, saying so.")
    {
        Steps = StepTypes.Model,
        Range = Positive,
        Property = "MaxToolCalls",
    };

    public static IReadOnlyList<FieldDescriptor> All { get; } =
    [
        Name, Type, Command, Prompt, Workflow, With, Server, Tool, Arguments, Output, Schema, WaitFor, WaitTimeout, If, Timeout, Retry, ContinueOnError,
        Foreach, MaxParallel, FailFast,
        Until, MaxIterations, OnLimit, LoopTimeout,
        Env, Shell, WorkingDirectory,
        Model, System, PromptFile, SystemFile, MaxTokens, Temperature, TopP, TopK, Seed, Stop,
        Options, Default, Tools, MaxToolCalls,
    ];
}
