using FibroStore.SharedKernel.Clustering;

namespace FibroStore.TestKit;

public partial class StoreFactory
{
    /// <summary>
    /// Waits until the page-cache evictions this store has sent so far have come back to it through PostgreSQL's
    /// NOTIFY, as each does a moment after its save: a result kept after this is not dropped by the echo of an earlier
    /// change. A marker result is kept under a tag of its own and its eviction published after the others; PostgreSQL
    /// delivers notifications in commit order, so when the marker is gone, so are the echoes before it (or the
    /// listener connected and dropped everything, which settles things as well).
    /// </summary>
    public async Task EvictionsSettledAsync()
    {
        var results = Services.GetRequiredService<ReadResultCache>();
        var marker = "test-marker:" + Guid.NewGuid().ToString("N");
        await results.GetOrReadAsync(marker, marker, _ => Task.FromResult(marker), _ => 1, CancellationToken.None);
        await Services.GetRequiredService<IClusterSignals>().PublishAsync(results.Topic, marker, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (results.TryGet<string>(marker, out _))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The store's own eviction signal did not come back within 10 seconds.");
            await Task.Delay(20);
        }
    }
}
