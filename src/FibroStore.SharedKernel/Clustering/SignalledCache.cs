namespace FibroStore.SharedKernel.Clustering;

/// <summary>
/// One value each instance keeps, so reading it costs no query. A save on any instance sends <see cref="Topic"/> through
/// <see cref="IClusterSignals"/> in its transaction, which drops every instance's copy at once; <c>maxAge</c> covers a
/// signal lost while the listener was reconnecting. Register the cache as an <see cref="IClusterSignalHandler"/>, or
/// forward the owner's handler to it.
/// </summary>
public sealed class SignalledCache<T>(string topic, TimeSpan maxAge, TimeProvider clock) : IClusterSignalHandler
{
    private volatile Entry? entry;
    private long drops;

    /// <summary>The value, when it was read, and how many drops had happened before the read began.</summary>
    private sealed record Entry(T Value, DateTimeOffset LoadedAt, long Drops);

    public string Topic => topic;

    /// <summary>The kept value while it is young enough; otherwise <paramref name="load"/>'s, kept from now on.</summary>
    public async ValueTask<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        var drop = Interlocked.Read(ref drops);
        if (entry is { } current && current.Drops == drop && clock.GetUtcNow() - current.LoadedAt < maxAge)
            return current.Value;
        var value = await load(ct);
        // Counted from before the read: a save that signals while the read is on its way leaves this value unused next time.
        entry = new Entry(value, clock.GetUtcNow(), drop);
        return value;
    }

    public Task HandleAsync(string? data, CancellationToken ct)
    {
        Drop();
        return Task.CompletedTask;
    }

    /// <summary>Forgets the value, so the next read loads it again (the saving instance calls this after its commit).</summary>
    public void Drop() => Interlocked.Increment(ref drops);
}
