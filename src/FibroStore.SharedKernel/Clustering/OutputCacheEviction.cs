using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.SharedKernel.Clustering;

/// <summary>Evicts cached pages by tag on every instance, not only the one that made the change.</summary>
public interface IPageCache
{
    Task EvictAsync(string tag, CancellationToken ct);
}

internal sealed class ClusterPageCache(IClusterSignals signals, ReadResultCache readResults) : IPageCache
{
    internal const string Topic = "evict-pages";

    public Task EvictAsync(string tag, CancellationToken ct)
    {
        // Kept read results are dropped here at once, so whoever made the change sees it on their next request; the
        // signal drops them (and the pages) on every instance a moment later.
        readResults.Evict(tag);
        return signals.PublishAsync(Topic, tag, ct);
    }
}

internal sealed class PageCacheEvictionHandler(IOutputCacheStore store) : IClusterSignalHandler
{
    public string Topic => ClusterPageCache.Topic;

    public async Task HandleAsync(string? data, CancellationToken ct) =>
        await store.EvictByTagAsync(data ?? PageCacheTags.All, ct);
}

public static class PageCacheTags
{
    /// <summary>Carried by every cached page, so one eviction can clear them all.</summary>
    public const string All = "pages";
}
