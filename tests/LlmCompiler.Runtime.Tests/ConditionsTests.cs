using LlmCompiler.Runtime.CompilerServices;

namespace LlmCompiler.Runtime.Tests;

[TestClass]
public sealed class ConditionsTests
{
    [TestMethod]
    [DataRow("yes", "yes", true)]
    [DataRow(" yes\n", "yes", true)]
    [DataRow("yes", "Yes", true)]
    [DataRow("ü", "Ü", true)]
    [DataRow("ς", "Σ", true)]
    [DataRow("σ", "ς", true)]
    [DataRow("i", "İ", false)]
    [DataRow("yes", "yes!", false)]
    [DataRow(null, "", true)]
    public void AreEqualComparesTrimmedValuesIgnoringCaseAsActionsDoes(string? left, string right, bool expected) =>
        Assert.AreEqual(expected, Conditions.AreEqual(left, right));

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("anything", true)]
    [DataRow("", false)]
    [DataRow(" FALSE ", false)]
    [DataRow("0", false)]
    [DataRow("0.0", false)]
    [DataRow("-0", false)]
    [DataRow("-0.0", false)]
    [DataRow(" +0e3 ", false)]
    [DataRow("0.5", true)]
    [DataRow("00x", true)]
    public void IsTrueTreatsEmptyFalseAndAnyZeroAsFalse(string value, bool expected) =>
        Assert.AreEqual(expected, Conditions.IsTrue(value));

    [TestMethod]
    [DataRow("3", "3.0", true)]
    [DataRow(" 3 ", "3", true)]
    [DataRow("abc", "abc", true)]
    [DataRow("abc", "3", false)]
    [DataRow("", "0", true)]
    [DataRow(" ", "0", true)]
    [DataRow("", "1", false)]
    public void NumbersEqualIsNumericAndReadsBlankAsZeroAsActionsDoes(string left, string right, bool expected) =>
        Assert.AreEqual(expected, Conditions.NumbersEqual(left, right));

    [TestMethod]
    public void CompareOrdersNumbersAndRefusesWords()
    {
        Assert.IsTrue(Conditions.Compare("10", "9") > 0, "numeric, not text, order");
        Assert.AreEqual(0, Conditions.Compare(" 2.0", "2"));
        var error = Assert.ThrowsExactly<StepFailedException>(() => Conditions.Compare("ten", "9"));
        StringAssert.Contains(error.Message, "'ten'");
        Assert.ThrowsExactly<StepFailedException>(() => Conditions.Compare("NaN", "9"));
    }

    [TestMethod]
    public void TextFunctionsIgnoreCase()
    {
        Assert.IsTrue(Conditions.Contains("Hello World", "o w"));
        Assert.IsTrue(Conditions.StartsWith("Hello", "HE"));
        Assert.IsTrue(Conditions.EndsWith("Hello", "LO"));
        Assert.IsFalse(Conditions.Contains("Hello", "z"));
        Assert.IsTrue(Conditions.Contains(null, ""));
    }

    [TestMethod]
    public void StatusFunctionsReadTheWorkflowsState()
    {
        var variables = new Core.WorkflowVariables();
        Assert.IsTrue(Conditions.Success(variables));
        Assert.IsFalse(Conditions.Failure(variables));
        variables.HasFailed = true;
        Assert.IsFalse(Conditions.Success(variables));
        Assert.IsTrue(Conditions.Failure(variables));
    }

    [TestMethod]
    public void CancelledIsTrueAfterACancellationAndSuccessIsNot()
    {
        var variables = new Core.WorkflowVariables();
        Assert.IsFalse(Conditions.Cancelled(variables));
        variables.IsCancelled = true;
        Assert.IsTrue(Conditions.Cancelled(variables));
        Assert.IsFalse(Conditions.Success(variables));
        Assert.IsFalse(Conditions.Failure(variables));
    }
    [TestMethod]
    public void TheDocumentedDeviationsForVariablesHold()
    {
        // A variable against a boolean compares as text, ignoring case (Actions: 'true' == true is false).
        Assert.IsTrue(Conditions.AreEqual("TRUE", "true"));
        Assert.IsTrue(Conditions.AreEqual("false\n", "false"));

        // A value is read as a decimal number only: hexadecimal and octal text stays text.
        Assert.IsFalse(Conditions.TryParseNumber("0x10", out _));
        Assert.IsFalse(Conditions.TryParseNumber("0o10", out _));
        Assert.IsFalse(Conditions.NumbersEqual("0x10", "16"));

        // Ordering a value that is not a number fails (the step fails with the message), it never orders text.
        Assert.ThrowsExactly<StepFailedException>(() => Conditions.Compare("abc", "1"));
    }
}
