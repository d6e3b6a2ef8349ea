using Microsoft.Extensions.Hosting;

namespace FibroStore.Web.Tests;

/// <summary>A background service that fails a moment after the store started, as a sender meeting a broken relay would.</summary>
internal sealed class FailingBackgroundService : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(200, stoppingToken);
        throw new InvalidOperationException("The test relay went away for good.");
    }
}

public sealed class HostStabilityTests : IAsyncLifetime
{
    private readonly StoreFactory store = new StoreFactory().WithServices(s => s.AddHostedService<FailingBackgroundService>());

    public Task InitializeAsync() => store.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task A_background_service_that_throws_is_logged_and_reported_degraded_while_the_store_keeps_serving()
    {
        using var client = store.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string health;
        while ((health = await client.GetStringAsync("/health/ready")) != "Degraded")
        {
            Assert.True(DateTime.UtcNow < deadline, $"/health/ready still says {health} 30 s after the service failed.");
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.False(store.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested,
            "The failure must not stop the store.");
        Assert.Contains(store.Logs.Lines, l => l.Contains("Background service FailingBackgroundService stopped after an error", StringComparison.Ordinal));
    }
}
