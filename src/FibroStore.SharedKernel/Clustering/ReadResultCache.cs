using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace FibroStore.SharedKernel.Clustering;

/// <summary>
/// Results of reads that are the same for every visitor (search hits, a shop listing, a product's related cards), kept
/// in this instance's memory for a minute so a popular one is read once rather than for every request. Each result
/// carries the page-cache tag of what it was read from and goes when pages with that tag are evicted: at once on the
/// instance that made the change (<see cref="ClusterPageCache"/>), and through the cluster signal on every other one.
/// A lost signal listener drops them all, as it drops cached pages. Keys are records owned by the reading module, so
/// two modules' keys never meet.
/// </summary>
public sealed class ReadResultCache : IClusterSignalHandler, IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Sizes are estimated bytes, given by each reader. The limit keeps the cache a small part of the store's memory;
    // when it is reached a result is not kept, and the cache drops the least recently used ones in the background.
    private const long SizeLimitBytes = 16 * 1024 * 1024;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    // One token per cache tag, cancelled (and replaced) when that tag is evicted; every entry holds its tag's token.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> tags = new(StringComparer.Ordinal);

    // The reads running now, by key: concurrent misses for one key wait for the one read rather than each running it.
    private readonly ConcurrentDictionary<object, Reading> reading = new();

    /// <summary>
    /// A read in progress and its tag's token when it began: only requests that took the same token may share it. Each
    /// read has its own task, so two readings are equal only when they are the same one.
    /// </summary>
    private sealed record Reading(Task Result, CancellationToken Changed);

    public string Topic => ClusterPageCache.Topic;

    /// <summary>The kept result for <paramref name="key"/>, when there is one (it may itself be null: "nothing there").</summary>
    public bool TryGet<T>(object key, [MaybeNull] out T result) => entries.TryGetValue(key, out result);

    /// <summary>
    /// The kept result for <paramref name="key"/>, or else runs <paramref name="read"/> and keeps what it returns.
    /// Requests that miss while another runs the same read wait for it: when a popular result expires under load, one
    /// request reads it again, not every one that arrives meanwhile. A read begun before the tag's latest eviction is
    /// not shared with requests that came after it, and should the shared read fail (its request went away), each
    /// waiting request reads for itself.
    /// </summary>
    public async Task<T> GetOrReadAsync<T>(string tag, object key, Func<CancellationToken, Task<T>> read, Func<T, long> estimatedBytes, CancellationToken ct)
    {
        if (entries.TryGetValue(key, out T? kept))
            return kept!;
        // Taken before the read starts: a change evicted while it runs cancels this token, so a result that may
        // predate the change is neither kept nor handed to a request that came after the change.
        var changed = tags.GetOrAdd(tag, _ => new CancellationTokenSource()).Token;
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mine = new Reading(source.Task, changed);
        var current = reading.GetOrAdd(key, mine);
        if (current != mine && current.Changed != changed && reading.TryUpdate(key, mine, current))
            current = mine;
        if (current != mine)
        {
            if (current.Changed == changed && current.Result is Task<T> running)
            {
                try
                {
                    return await running.WaitAsync(ct);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // The shared read failed: this request reads for itself below.
                }
            }
            return await ReadAndKeepAsync(key, read, estimatedBytes, changed, ct);
        }
        try
        {
            var result = await ReadAndKeepAsync(key, read, estimatedBytes, changed, ct);
            source.SetResult(result);
            return result;
        }
        catch (Exception ex)
        {
            source.SetException(ex);
            // Observed here, so a failed read that nobody waited for is not reported as an unobserved task exception.
            _ = source.Task.Exception;
            throw;
        }
        finally
        {
            reading.TryRemove(new KeyValuePair<object, Reading>(key, mine));
        }
    }

    // A result read before a change is not kept: it would replace one read after the change.
    private async Task<T> ReadAndKeepAsync<T>(object key, Func<CancellationToken, Task<T>> read, Func<T, long> estimatedBytes,
        CancellationToken changed, CancellationToken ct)
    {
        var result = await read(ct);
        if (!changed.IsCancellationRequested)
        {
            using var entry = entries.CreateEntry(key);
            entry.Value = result;
            entry.Size = Math.Max(1, estimatedBytes(result));
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.ExpirationTokens.Add(new CancellationChangeToken(changed));
        }
        return result;
    }

    /// <summary>Drops the results read from what pages tagged <paramref name="tag"/> show; every result for the tag of all pages, or null.</summary>
    public void Evict(string? tag)
    {
        if (tag is null or PageCacheTags.All)
        {
            foreach (var known in tags.Keys)
                Drop(known);
        }
        else
        {
            Drop(tag);
        }
    }

    public Task HandleAsync(string? data, CancellationToken ct)
    {
        Evict(data);
        return Task.CompletedTask;
    }

    // The cancelled source is not disposed: a read may still be holding its token, and without a timer it holds nothing.
    private void Drop(string tag)
    {
        if (tags.TryRemove(tag, out var source))
            source.Cancel();
    }

    public void Dispose() => entries.Dispose();
}
