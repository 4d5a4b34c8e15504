namespace LlmCompiler.Tasks.Diagnostics;

/// <summary>
/// Every diagnostic code, in one place. 0xxx: build setup, 1xxx: YAML structure, 2xxx: workflow checks,
/// 3xxx: shell positions generated code could not quote (found by the checker: emit reports nothing).
/// docs/diagnostics.md has a row for each; a test keeps the two in step.
/// </summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor FileUnreadable = new("LLMC0001", DiagnosticSeverity.Error, "Workflow file cannot be read");

    /// <summary>Raised by the SDK's targets (<c>&lt;Error Code="LLMC0002"&gt;</c>), before any task runs; listed so codes and docs stay one list.</summary>
    public static readonly DiagnosticDescriptor InvalidProperty = new("LLMC0002", DiagnosticSeverity.Error, "Invalid LlmCompiler MSBuild property value");
    public static readonly DiagnosticDescriptor OutputCollision = new("LLMC0003", DiagnosticSeverity.Error, "Two workflow files generate the same file");
    public static readonly DiagnosticDescriptor InvalidPlugin = new("LLMC0004", DiagnosticSeverity.Error, "LlmCompilerPlugin item is not a type name");

    /// <summary>Raised by the SDK's edition targets after restore, like <see cref="InvalidProperty"/>.</summary>
    public static readonly DiagnosticDescriptor EditionMismatch = new("LLMC0005", DiagnosticSeverity.Error, "Restored for one edition, building the other");

    /// <summary>Raised by the SDK's edition targets from <c>ProbePackageSources</c>' advice, like <see cref="InvalidProperty"/>.</summary>
    public static readonly DiagnosticDescriptor ProPackageUnavailable = new("LLMC0006", DiagnosticSeverity.Error, "The Pro package cannot be restored");

    /// <summary>Raised by the compile task when a model step's backend package is not referenced.</summary>
    public static readonly DiagnosticDescriptor ModelBackendMissing = new("LLMC0007", DiagnosticSeverity.Error, "Model step without its backend package");

    public static readonly DiagnosticDescriptor InternalError = new("LLMC0009", DiagnosticSeverity.Error, "Internal compiler error");

    /// <summary>Raised by the SDK's engine targets, like <see cref="InvalidProperty"/>.</summary>
    public static readonly DiagnosticDescriptor DurableEngineWithNativeAot = new("LLMC0010", DiagnosticSeverity.Error, "The durable engine cannot be published with Native AOT");

    public static readonly DiagnosticDescriptor YamlSyntax = new("LLMC1001", DiagnosticSeverity.Error, "YAML syntax error");
    public static readonly DiagnosticDescriptor WrongNodeKind = new("LLMC1002", DiagnosticSeverity.Error, "Value has the wrong shape or type");
    public static readonly DiagnosticDescriptor UnknownField = new("LLMC1003", DiagnosticSeverity.Error, "Unknown field");
    public static readonly DiagnosticDescriptor DuplicateKey = new("LLMC1004", DiagnosticSeverity.Error, "Field given twice");
    public static readonly DiagnosticDescriptor EmptyFile = new("LLMC1005", DiagnosticSeverity.Warning, "Workflow file holds no workflow");
    public static readonly DiagnosticDescriptor InputLimit = new("LLMC1006", DiagnosticSeverity.Error, "Workflow file exceeds a size, nesting or alias limit");
    public static readonly DiagnosticDescriptor TemplateFileUnreadable = new("LLMC1010", DiagnosticSeverity.Error, "Prompt file cannot be read");

    public static readonly DiagnosticDescriptor MissingField = new("LLMC2001", DiagnosticSeverity.Error, "Required field missing");
    public static readonly DiagnosticDescriptor UnknownStepType = new("LLMC2002", DiagnosticSeverity.Error, "Unknown step type");
    public static readonly DiagnosticDescriptor DuplicateWorkflow = new("LLMC2003", DiagnosticSeverity.Error, "Duplicate workflow name");
    public static readonly DiagnosticDescriptor DuplicateStep = new("LLMC2004", DiagnosticSeverity.Error, "Duplicate step name");
    public static readonly DiagnosticDescriptor InvalidName = new("LLMC2005", DiagnosticSeverity.Error, "Invalid workflow or step name");
    public static readonly DiagnosticDescriptor UnknownVariable = new("LLMC2006", DiagnosticSeverity.Error, "Unknown template variable");
    public static readonly DiagnosticDescriptor VariableNotYetSet = new("LLMC2007", DiagnosticSeverity.Error, "Variable read before any step sets it");
    public static readonly DiagnosticDescriptor TemplateSyntax = new("LLMC2008", DiagnosticSeverity.Error, "Template syntax error");
    public static readonly DiagnosticDescriptor ConditionSyntax = new("LLMC2009", DiagnosticSeverity.Error, "Condition syntax error");
    public static readonly DiagnosticDescriptor WaitForFormat = new("LLMC2010", DiagnosticSeverity.Error, "wait_for is not workflow.step");
    public static readonly DiagnosticDescriptor WaitForUnknownWorkflow = new("LLMC2011", DiagnosticSeverity.Error, "wait_for names an unknown workflow");
    public static readonly DiagnosticDescriptor WaitForUnknownStep = new("LLMC2012", DiagnosticSeverity.Error, "wait_for names an unknown step");
    public static readonly DiagnosticDescriptor WaitCycle = new("LLMC2013", DiagnosticSeverity.Error, "wait_for cycle: the workflows would deadlock");
    public static readonly DiagnosticDescriptor FieldNotForStepType = new("LLMC2014", DiagnosticSeverity.Warning, "Field has no effect on this step type");
    public static readonly DiagnosticDescriptor InvalidValue = new("LLMC2015", DiagnosticSeverity.Error, "Value out of range");
    public static readonly DiagnosticDescriptor WaitTimeoutWithoutWaitFor = new("LLMC2016", DiagnosticSeverity.Warning, "wait_timeout without wait_for");
    public static readonly DiagnosticDescriptor ConditionType = new("LLMC2017", DiagnosticSeverity.Error, "Condition type error");
    public static readonly DiagnosticDescriptor DuplicateOutput = new("LLMC2018", DiagnosticSeverity.Error, "Duplicate output name");
    public static readonly DiagnosticDescriptor ConditionallySet = new("LLMC2019", DiagnosticSeverity.Warning, "Variable may be unset: set only under an if");
    public static readonly DiagnosticDescriptor OutputNeverRead = new("LLMC2020", DiagnosticSeverity.Info, "Output never read");
    public static readonly DiagnosticDescriptor UnreachableStep = new("LLMC2021", DiagnosticSeverity.Warning, "Unreachable step");
    public static readonly DiagnosticDescriptor InvalidForeachSource = new("LLMC2022", DiagnosticSeverity.Error, "foreach source is not fromJSON(var), lines(var), an array variable or a list");
    public static readonly DiagnosticDescriptor ForeachNotArray = new("LLMC2023", DiagnosticSeverity.Error, "foreach variable is not known to be an array");
    public static readonly DiagnosticDescriptor ItemOutsideForeach = new("LLMC2024", DiagnosticSeverity.Error, "item or index read outside a foreach step");
    public static readonly DiagnosticDescriptor ForeachSettingWithoutForeach = new("LLMC2025", DiagnosticSeverity.Warning, "max_parallel or fail_fast without foreach");
    public static readonly DiagnosticDescriptor UnknownWorkflow = new("LLMC2026", DiagnosticSeverity.Error, "Workflow step names an unknown workflow");
    public static readonly DiagnosticDescriptor CallArguments = new("LLMC2027", DiagnosticSeverity.Error, "with does not fit the called workflow's inputs");
    public static readonly DiagnosticDescriptor CallCycle = new("LLMC2028", DiagnosticSeverity.Error, "Workflow calls form a cycle");
    public static readonly DiagnosticDescriptor WaitForCalledWorkflow = new("LLMC2029", DiagnosticSeverity.Error, "wait_for names a step of a called workflow");
    public static readonly DiagnosticDescriptor UnknownMember = new("LLMC2030", DiagnosticSeverity.Error, "Unknown field of a typed value");
    public static readonly DiagnosticDescriptor InvalidSchema = new("LLMC2031", DiagnosticSeverity.Error, "Schema outside the supported subset");
    public static readonly DiagnosticDescriptor EnumNeverEqual = new("LLMC2032", DiagnosticSeverity.Warning, "Enum field compared with a value outside its enum");

    public static readonly DiagnosticDescriptor ReplacedFieldGivenTwice = new("LLMC2040", DiagnosticSeverity.Error, "A field and the file field that replaces it are both given");
    public static readonly DiagnosticDescriptor AnswerNeverEqual = new("LLMC2044", DiagnosticSeverity.Error, "Answer compared with a value outside the input step's options");
    public static readonly DiagnosticDescriptor InvalidAnswerDefault = new("LLMC2045", DiagnosticSeverity.Error, "An input step's default is not an answer it accepts");
    public static readonly DiagnosticDescriptor OptionsAndSchema = new("LLMC2046", DiagnosticSeverity.Error, "An input step has both options and schema, or repeats an option");

    public static readonly DiagnosticDescriptor UnknownMcpServer = new("LLMC2060", DiagnosticSeverity.Error, "Step names an MCP server the workflow does not declare");

    public static readonly DiagnosticDescriptor InvalidMcpServer = new("LLMC2061", DiagnosticSeverity.Error, "MCP server definition is invalid");

    public static readonly DiagnosticDescriptor ToolsNeedLlmStep = new("LLMC2062", DiagnosticSeverity.Error, "tools on a step that cannot call tools");

    public static readonly DiagnosticDescriptor UntilWithoutMaxIterations = new("LLMC2050", DiagnosticSeverity.Error, "until without max_iterations");
    public static readonly DiagnosticDescriptor LoopOutsideLoop = new("LLMC2051", DiagnosticSeverity.Error, "loop.* read outside a looping step");
    public static readonly DiagnosticDescriptor UntilWithForeach = new("LLMC2052", DiagnosticSeverity.Error, "until and foreach on the same step");
    public static readonly DiagnosticDescriptor LoopSettingWithoutUntil = new("LLMC2053", DiagnosticSeverity.Warning, "max_iterations, on_limit or loop_timeout without until");

    public static readonly DiagnosticDescriptor ShellTemplatePosition = new("LLMC3001", DiagnosticSeverity.Error, "Template in a shell position that cannot be quoted safely");

    public static readonly DiagnosticDescriptor ShellTemplateAsName = new("LLMC3002", DiagnosticSeverity.Error, "Template where the shell reads a variable name");

    public static readonly DiagnosticDescriptor ShellTemplateRunsAsCode = new("LLMC3003", DiagnosticSeverity.Warning, "Template whose value the command runs as code");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        FileUnreadable, InvalidProperty, OutputCollision, InvalidPlugin, EditionMismatch, ProPackageUnavailable, ModelBackendMissing, InternalError, DurableEngineWithNativeAot,
        YamlSyntax, WrongNodeKind, UnknownField, DuplicateKey, EmptyFile, InputLimit, TemplateFileUnreadable,
        MissingField, UnknownStepType, DuplicateWorkflow, DuplicateStep, InvalidName, UnknownVariable, VariableNotYetSet,
        TemplateSyntax, ConditionSyntax, WaitForFormat, WaitForUnknownWorkflow, WaitForUnknownStep, WaitCycle,
        FieldNotForStepType, InvalidValue, WaitTimeoutWithoutWaitFor, ConditionType, DuplicateOutput, ConditionallySet,
        OutputNeverRead, UnreachableStep, InvalidForeachSource, ForeachNotArray, ItemOutsideForeach, ForeachSettingWithoutForeach,
        UnknownWorkflow, CallArguments, CallCycle, WaitForCalledWorkflow, UnknownMember, InvalidSchema, EnumNeverEqual,
        ReplacedFieldGivenTwice, AnswerNeverEqual, InvalidAnswerDefault, OptionsAndSchema,
        UnknownMcpServer, InvalidMcpServer, ToolsNeedLlmStep,
        UntilWithoutMaxIterations, LoopOutsideLoop, UntilWithForeach, LoopSettingWithoutUntil,
        ShellTemplatePosition, ShellTemplateAsName, ShellTemplateRunsAsCode,
    ];
}
