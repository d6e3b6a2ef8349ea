using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibroStore.Accounts.Setup;

/// <summary>
/// While the store has no admin, each start writes a one-time setup link to the log (as Ghost does), so whoever
/// runs the server, and only they, can create the first admin.
/// </summary>
internal sealed class FirstAdminSetupNotice(
    IServiceScopeFactory scopes,
    StoreLinks links,
    TimeProvider clock,
    ILogger<FirstAdminSetupNotice> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var tokens = scope.ServiceProvider.GetRequiredService<SetupTokens>();
                if (!await tokens.AdminExistsAsync(stoppingToken))
                {
                    var token = await tokens.IssueAsync(stoppingToken);
                    logger.LogWarning("First-admin setup: {SetupUrl}", links.Absolute($"/setup?token={token}"));
                }
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException)
            {
                // In production the schema is migrated by a separate command that may still be running.
                logger.LogInformation(ex, "Could not check for an admin yet; trying again in {Delay}", RetryDelay);
                try { await Task.Delay(RetryDelay, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
