using LlmCompiler.Runtime.Local;

namespace LlmCompiler.Runtime.Tests.Local;

[TestClass]
public sealed class ModelPathTests
{
    [TestMethod]
    public void AbsoluteAndRelativePathsBecomeFullPaths()
    {
        Assert.AreEqual("/models/a.gguf", ModelPath.Resolve("/models/a.gguf"));
        Assert.AreEqual(Path.Combine(Environment.CurrentDirectory, "m", "b.gguf"), ModelPath.Resolve("m/b.gguf"));
    }

    [TestMethod]
    public void EnvironmentReferencesExpandWithTheirDefaults()
    {
        var name = "LLMC_TEST_MODEL_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Assert.AreEqual(Path.GetFullPath("fallback.gguf"), ModelPath.Resolve("${" + name + ":-fallback.gguf}"));
        Environment.SetEnvironmentVariable(name, "/srv/models/big.gguf");
        try
        {
            Assert.AreEqual("/srv/models/big.gguf", ModelPath.Resolve("${" + name + "}"));
            Assert.AreEqual("/srv/models/big.gguf", ModelPath.Resolve("${" + name + ":-fallback.gguf}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [TestMethod]
    public void AnUnsetReferenceWithoutDefaultNamesTheVariable()
    {
        var error = Assert.ThrowsExactly<StepFailedException>(() => ModelPath.Resolve("${LLMC_SURELY_UNSET_VARIABLE}"));
        StringAssert.Contains(error.Message, "LLMC_SURELY_UNSET_VARIABLE is not set");
    }
}
