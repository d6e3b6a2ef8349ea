namespace FibroStore.StripeEmulator.Tests;

/// <summary>
/// The sandbox lives in the store's memory, so it keeps only the latest idempotency keys and events: a development store
/// that runs for weeks, or a benchmark's thousands of checkouts, do not make it grow without end.
/// </summary>
public sealed class BoundedSandboxTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new(new Dictionary<string, string>
    {
        ["StripeEmulator:KeptIdempotencyKeys"] = "3",
        ["StripeEmulator:KeptEvents"] = "4",
    });

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private Task<Session> CreateAsync(string idempotencyKey) =>
        host.CreateSessionAsync(change: o => o.ExpiresAt = host.Clock.GetUtcNow().UtcDateTime.AddHours(1),
            request: new RequestOptions { IdempotencyKey = idempotencyKey });

    [Fact]
    public async Task The_latest_idempotency_keys_are_replayed_and_older_ones_forgotten()
    {
        var first = new List<Session>();
        for (var i = 0; i < 4; i++)
            first.Add(await CreateAsync($"order-{i}"));

        var latest = await CreateAsync("order-3");
        var forgotten = await CreateAsync("order-0");

        Assert.Equal(first[3].Id, latest.Id);
        Assert.NotEqual(first[0].Id, forgotten.Id);
    }

    [Fact]
    public async Task The_latest_events_are_kept_and_older_ones_dropped()
    {
        var expired = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var session = await host.CreateSessionAsync();
            await host.Sessions.ExpireAsync(session.Id);
            expired.Add(session.Id);
        }

        var events = host.Emulator.EventsOfType("checkout.session.expired");
        Assert.InRange(events.Count, 4, 7);
        Assert.Contains(expired[^1], events[^1].Json, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Json.Contains(expired[0], StringComparison.Ordinal));
    }
}
