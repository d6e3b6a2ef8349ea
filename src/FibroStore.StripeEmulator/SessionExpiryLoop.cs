using FibroStore.StripeEmulator.Account;
using Microsoft.Extensions.Hosting;

namespace FibroStore.StripeEmulator;

/// <summary>Expires open sessions whose expires_at has passed, by the injected clock so tests can move time.</summary>
internal sealed class SessionExpiryLoop(EmulatedAccount account, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        do
        {
            account.ExpireDueSessions();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
