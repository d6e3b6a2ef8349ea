namespace FibroStore.TestKit;

/// <summary>A clock that starts at the real time and moves only when a test moves it (see <see cref="StoreFactory.WithClock"/>).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
