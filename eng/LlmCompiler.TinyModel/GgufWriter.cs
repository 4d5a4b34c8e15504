using System.Text;

namespace LlmCompiler.TinyModel;

/// <summary>Writes a GGUF version 3 file: metadata key/values and F32 tensors.</summary>
/// <remarks>
/// Only what a small llama model needs is supported. Keys and tensors are written in the order they were added,
/// so the same calls always give the same bytes.
/// </remarks>
public sealed class GgufWriter
{
    /// <summary>The alignment of tensor data, also written as <c>general.alignment</c>.</summary>
    public const int Alignment = 32;

    private const uint Version = 3;
    private const uint TensorTypeF32 = 0;

    private readonly List<Action<BinaryWriter>> _values = [];
    private readonly List<(string Name, long[] Dimensions, float[] Data)> _tensors = [];

    /// <summary>Adds a string value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, string value) => AddValue(key, GgufValueType.String, w => WriteString(w, value));

    /// <summary>Adds an unsigned 32-bit value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, uint value) => AddValue(key, GgufValueType.UInt32, w => w.Write(value));

    /// <summary>Adds a 32-bit float value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, float value) => AddValue(key, GgufValueType.Float32, w => w.Write(value));

    /// <summary>Adds a boolean value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, bool value) => AddValue(key, GgufValueType.Bool, w => w.Write((byte)(value ? 1 : 0)));

    /// <summary>Adds an array of strings.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="values">The values.</param>
    public void Add(string key, IReadOnlyList<string> values) =>
        AddArray(key, GgufValueType.String, values.Count, (w, i) => WriteString(w, values[i]));

    /// <summary>Adds an array of 32-bit floats.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="values">The values.</param>
    public void Add(string key, IReadOnlyList<float> values) =>
        AddArray(key, GgufValueType.Float32, values.Count, (w, i) => w.Write(values[i]));

    /// <summary>Adds an array of signed 32-bit integers.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="values">The values.</param>
    public void Add(string key, IReadOnlyList<int> values) =>
        AddArray(key, GgufValueType.Int32, values.Count, (w, i) => w.Write(values[i]));

    /// <summary>Adds an F32 tensor.</summary>
    /// <param name="name">The tensor name, for example <c>blk.0.attn_q.weight</c>.</param>
    /// <param name="dimensions">The dimensions, fastest-varying first (GGUF order).</param>
    /// <param name="data">The values; their count is the product of <paramref name="dimensions"/>.</param>
    /// <exception cref="ArgumentException">The data length does not match the dimensions.</exception>
    public void AddTensor(string name, long[] dimensions, float[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Aggregate(1L, (a, b) => a * b) != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {data.Length} values for dimensions [{string.Join(", ", dimensions)}].", nameof(data));
        }

        _tensors.Add((name, dimensions, data));
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // BinaryWriter is little-endian on every platform, as GGUF requires.
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write("GGUF"u8);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_values.Count);
        foreach (var value in _values)
        {
            value(writer);
        }

        ulong offset = 0;
        foreach (var (name, dimensions, data) in _tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)dimensions.Length);
            foreach (var dimension in dimensions)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(TensorTypeF32);
            writer.Write(offset);
            offset += Align((ulong)data.Length * sizeof(float));
        }

        // The data section starts aligned and each tensor is padded to the alignment, matching the offsets above.
        Pad(writer);
        foreach (var (_, _, data) in _tensors)
        {
            foreach (var item in data)
            {
                writer.Write(item);
            }

            Pad(writer);
        }
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The output path.</param>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        WriteTo(stream);
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = writer.BaseStream.Position;
        var padding = (int)((Alignment - (position % Alignment)) % Alignment);
        for (var i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private void AddValue(string key, GgufValueType type, Action<BinaryWriter> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _values.Add(w =>
        {
            WriteString(w, key);
            w.Write((uint)type);
            write(w);
        });
    }

    private void AddArray(string key, GgufValueType itemType, int count, Action<BinaryWriter, int> writeItem) =>
        AddValue(key, GgufValueType.Array, w =>
        {
            w.Write((uint)itemType);
            w.Write((ulong)count);
            for (var i = 0; i < count; i++)
            {
                writeItem(w, i);
            }
        });
}
