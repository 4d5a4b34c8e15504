using Microsoft.Extensions.Caching.Distributed;

namespace LlmCompiler.Runtime.Tests.Recording;

/// <summary>The disk cache behind --cache keeps values across instances and honours expiry.</summary>
[TestClass]
public sealed class FileDistributedCacheTests
{
    [TestMethod]
    public async Task AValueSetByOneInstanceIsReadByAnotherUntilRemoved()
    {
        var directory = Temp.Directory();
        await new FileDistributedCache(directory).SetAsync("key with / odd: chars", [1, 2, 3], new DistributedCacheEntryOptions());
        var other = new FileDistributedCache(directory);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await other.GetAsync("key with / odd: chars"));
        Assert.IsNull(await other.GetAsync("another key"));
        await other.RemoveAsync("key with / odd: chars");
        Assert.IsNull(await other.GetAsync("key with / odd: chars"));
    }

    [TestMethod]
    public void AbsoluteAndSlidingExpiryAreHonoured()
    {
        var clock = new ManualClock();
        var cache = new FileDistributedCache(Temp.Directory(), clock);
        cache.Set("absolute", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        cache.Set("sliding", [2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.IsNotNull(cache.Get("absolute"));
        Assert.IsNotNull(cache.Get("sliding"), "read within its window, which restarts");
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.IsNotNull(cache.Get("sliding"));
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.IsNull(cache.Get("absolute"));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.IsNull(cache.Get("sliding"));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
