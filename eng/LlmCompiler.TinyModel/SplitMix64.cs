namespace LlmCompiler.TinyModel;

/// <summary>A tiny seeded generator whose sequence is fixed by its definition, unlike <see cref="Random"/>, so files never change between .NET versions.</summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Returns a float uniformly in [-scale, scale).</summary>
    public float NextSigned(float scale) => (float)(((Next() >> 11) * (1.0 / (1UL << 53)) * 2.0) - 1.0) * scale;
}
