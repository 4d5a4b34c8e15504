using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime;

/// <summary>
/// An <see cref="IDistributedCache"/> in a directory on disk, one file per entry: what <c>--cache DIR</c> gives
/// Microsoft.Extensions.AI's caching client, so answers survive the process and are shared by the runs of a project.
/// </summary>
/// <remarks>
/// <para>
/// A file holds the entry's expiry (UTC ticks, 0 for none), its sliding window (ticks, 0 for none) and the value.
/// Absolute and sliding expiration are honoured; an expired entry is deleted when it is next read. File names are
/// the SHA-256 of the key, so any key is safe.
/// </para>
/// <para>
/// Thread- and process-safe for the ways a cache is used: writes go to a temporary file renamed over the entry, so
/// a reader sees a whole entry or none. (No package served to this project offers a disk cache without a database
/// engine: the SQLite one would put a native library into every generated program.)
/// </para>
/// </remarks>
public sealed class FileDistributedCache : IDistributedCache
{
    private const int HeaderLength = 16;
    private readonly TimeProvider _time;

    /// <summary>Creates a cache in <paramref name="directory"/>, created when the first entry is written.</summary>
    /// <param name="directory">The directory that holds the entries.</param>
    /// <param name="time">The clock expiry is measured with; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public FileDistributedCache(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets the directory that holds the entries.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public byte[]? Get(string key) => Read(key, refresh: true);

    /// <inheritdoc/>
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var expiry = options.AbsoluteExpiration
            ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : null);
        var sliding = options.SlidingExpiration ?? TimeSpan.Zero;
        if (sliding > TimeSpan.Zero && (expiry is null || now + sliding < expiry))
        {
            expiry = now + sliding;
        }

        Write(key, Header(expiry, sliding), value);
    }

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Refresh(string key) => Read(key, refresh: true);

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Remove(string key) => File.Delete(FileOf(key));

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Remove(key);
        return Task.CompletedTask;
    }

    private byte[]? Read(string key, bool refresh)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(FileOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (content.Length < HeaderLength)
        {
            return null;
        }

        var expiryTicks = BinaryPrimitives.ReadInt64LittleEndian(content);
        var slidingTicks = BinaryPrimitives.ReadInt64LittleEndian(content.AsSpan(8));
        var now = _time.GetUtcNow();
        if (expiryTicks != 0 && now.UtcTicks >= expiryTicks)
        {
            Remove(key);
            return null;
        }

        var value = content[HeaderLength..];
        if (refresh && slidingTicks > 0)
        {
            Write(key, Header(now + TimeSpan.FromTicks(slidingTicks), TimeSpan.FromTicks(slidingTicks)), value);
        }

        return value;
    }

    private void Write(string key, byte[] header, byte[] value)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var file = FileOf(key);
        var temporary = file + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var stream = File.Create(temporary))
        {
            stream.Write(header);
            stream.Write(value);
        }

        File.Move(temporary, file, overwrite: true);
    }

    private static byte[] Header(DateTimeOffset? expiry, TimeSpan sliding)
    {
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt64LittleEndian(header, expiry?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), sliding.Ticks);
        return header;
    }

    private string FileOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(Directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant() + ".bin");
    }
}
