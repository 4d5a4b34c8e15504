using System.Globalization;
using System.Reflection;
using LlmCompiler.Runtime;
using LlmCompiler.Runtime.CompilerServices;
using LlmCompiler.Tasks.Language;

namespace LlmCompiler.Tasks.Tests.Language;

/// <summary>
/// Every runtime property the language table names exists on the runtime step type of each step type the field
/// applies to, and every default in the table is the runtime's own default, so leaving a default out of generated
/// code changes nothing.
/// </summary>
[TestClass]
public sealed class LanguageRuntimeTests
{
    private static readonly Dictionary<StepTypes, WorkflowStep> Steps = new()
    {
        [StepTypes.Shell] = new ShellStep("s", "true"),
        [StepTypes.Llm] = new LlmStep("s", static _ => "prompt"),
        [StepTypes.LocalLlm] = new LocalLlmStep("s", static _ => "prompt"),
        [StepTypes.Workflow] = new WorkflowCallStep("s", new Workflow("called", [new ShellStep("s", "true")])),
    };

    [TestMethod]
    public void EveryStepTypeNamesItsRuntimeStepKind()
    {
        foreach (var (type, step) in Steps)
        {
            Assert.AreEqual(LanguageTable.StepTypeName(type), step.Kind);
            Assert.AreEqual(type, LanguageTable.StepType(step.Kind));
        }

        Assert.AreEqual(LanguageTable.StepTypeChoices.Count, Steps.Count);
    }

    [TestMethod]
    public void EveryRuntimePropertyOfTheTableExistsWhereTheFieldApplies()
    {
        foreach (var (field, type, step) in PropertyRows())
        {
            var property = step.GetType().GetProperty(field.Property!, BindingFlags.Public | BindingFlags.Instance);
            Assert.IsNotNull(property, $"{step.GetType().Name} has no property '{field.Property}' for '{field.Name}' ({type}).");
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

    private static IEnumerable<(FieldDescriptor Field, StepTypes Type, WorkflowStep Step)> PropertyRows() =>
        from field in LanguageTable.Step.Concat(LanguageTable.Retry)
        where field.Property is not null
        from pair in Steps
        where field.AppliesTo(pair.Key)
        select (field, pair.Key, pair.Value);
}
