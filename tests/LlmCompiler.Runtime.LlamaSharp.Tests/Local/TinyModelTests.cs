using LlmCompiler.TinyModel;

namespace LlmCompiler.Runtime.Tests.Local;

[TestClass]
public sealed class TinyModelTests
{
    [TestMethod]
    public void SameSeedGivesTheSameBytesAndAnotherSeedDifferentOnes()
    {
        byte[] Bytes(ulong seed)
        {
            using var stream = new MemoryStream();
            TinyModel.TinyModel.Write(stream, new TinyModelOptions { Seed = seed });
            return stream.ToArray();
        }

        var first = Bytes(7);
        CollectionAssert.AreEqual(first, Bytes(7));
        CollectionAssert.AreNotEqual(first, Bytes(8));
        Assert.AreEqual(471_328, first.Length, "E64 L2 F128 with 262 tokens, F32, as in the guide's recipe");
        CollectionAssert.AreEqual("GGUF"u8.ToArray(), first[..4]);
    }
}
