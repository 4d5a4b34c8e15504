using System.Globalization;
using System.Reflection;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Tasks.Kinds;
using LlmCompiler.Tasks.Language;
using LlmCompiler.Tasks.Tests.Kinds;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// Every registered step kind emits the runtime step it names, every runtime property the language table names
/// exists on the runtime step of each kind the field applies to, and every default in the table is the runtime's
/// own default, so leaving a default out of generated code changes nothing. The runtime steps are the ones the
/// compiler emits for <see cref="EveryKind"/>, so the kinds come from the registry, not from a list here.
/// </summary>
[TestClass]
public sealed class LanguageRuntimeTests
{
    private static readonly Lazy<IReadOnlyDictionary<StepKind, WorkflowStep>> Steps = new(EmitOneStepOfEachKind);

    [TestMethod]
    public void EveryKindEmitsItsRuntimeStepWhoseKindIsItsName()
    {
        Assert.AreEqual(StepKinds.All.Count, Steps.Value.Count);
        foreach (var (kind, step) in Steps.Value)
        {
            Assert.AreEqual(kind.RuntimeType, step.GetType().Name, kind.Name);
            Assert.AreEqual(typeof(WorkflowStep).Namespace, step.GetType().Namespace, kind.Name);
            Assert.AreEqual(kind.Name, step.Kind);
        }
    }

    [TestMethod]
    public void EveryRuntimePropertyOfTheTableExistsWhereTheFieldApplies()
    {
        foreach (var (field, kind, step) in PropertyRows())
        {
            var property = step.GetType().GetProperty(field.Property!, BindingFlags.Public | BindingFlags.Instance);
            Assert.IsNotNull(property, $"{step.GetType().Name} has no property '{field.Property}' for '{field.Name}' ({kind.Name}).");
            Assert.IsTrue(property.CanWrite, $"{step.GetType().Name}.{field.Property} cannot be set.");
        }
    }

    [TestMethod]
    public void EveryDefaultOfTheTableIsTheRuntimesDefault()
    {
        foreach (var (field, _, step) in PropertyRows().Where(r => r.Field.Default is not null))
        {
            var value = step.GetType().GetProperty(field.Property!)!.GetValue(step);
            Assert.AreEqual(field.Default, Convert.ToString(value, CultureInfo.InvariantCulture)?.ToLowerInvariant(), $"{field.Name} on {step.GetType().Name}");
        }
    }

    [TestMethod]
    public void EveryConditionFunctionButAlwaysHasItsRuntimeMethod()
    {
        foreach (var function in ConditionFunctions.All.Where(f => f.Name != "always"))
        {
            var name = char.ToUpperInvariant(function.Name[0]) + function.Name[1..];
            var method = typeof(Conditions).GetMethod(name, BindingFlags.Public | BindingFlags.Static);
            Assert.IsNotNull(method, $"Conditions has no {name} for {function.Name}().");
            Assert.AreEqual(function.ReadsStatus ? 1 : function.Parameters.Count, method.GetParameters().Length, name);
        }
    }

    private static IEnumerable<(FieldDescriptor Field, StepKind Kind, WorkflowStep Step)> PropertyRows() =>
        from field in LanguageTable.Step.Concat(LanguageTable.Retry)
        where field.Property is not null
        from pair in Steps.Value
        where field.AppliesTo(pair.Key.Flag)
        select (field, pair.Key, pair.Value);

    /// <summary>Compiles <see cref="EveryKind"/> and loads it: step <c>i</c> of its workflow is the runtime step of kind <c>i</c>.</summary>
    private static IReadOnlyDictionary<StepKind, WorkflowStep> EmitOneStepOfEachKind()
    {
        var result = CompilerHarness.Compile(("every-kind.yaml", EveryKind.Yaml));
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        var assembly = RoslynCompiler.Load(result.Files.Append(result.Program!));
        var workflow = (Workflow)assembly.GetType(EveryKind.ClassName, throwOnError: true)!.GetProperty("Definition")!.GetValue(null)!;
        return StepKinds.All.Zip(workflow.Steps).ToDictionary(p => p.First, p => p.Second);
    }
}
