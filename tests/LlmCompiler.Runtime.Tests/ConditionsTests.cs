namespace LlmCompiler.Runtime.Tests;

[TestClass]
public sealed class ConditionsTests
{
    [TestMethod]
    [DataRow("yes", "yes", true)]
    [DataRow(" yes\n", "yes", true)]
    [DataRow("yes", "Yes", false)]
    [DataRow(null, "", true)]
    public void AreEqualComparesTrimmedValuesOrdinally(string? left, string right, bool expected) =>
        Assert.AreEqual(expected, Conditions.AreEqual(left, right));

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("anything", true)]
    [DataRow("", false)]
    [DataRow(" FALSE ", false)]
    [DataRow("0", false)]
    public void IsTrueTreatsEmptyFalseAndZeroAsFalse(string value, bool expected) =>
        Assert.AreEqual(expected, Conditions.IsTrue(value));
}
