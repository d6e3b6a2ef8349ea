using FibroStore.SharedKernel.Data;
using Npgsql;

namespace FibroStore.Web.Infrastructure;

internal static class DatabaseStartup
{
    // Any fixed number works; it only has to be the same for every instance of the store.
    private const long MigrationLockKey = 0x466962726F;

    /// <summary>Development (and tests) migrate and seed at start; production runs the `migrate` command instead.</summary>
    public static async Task PrepareDatabaseOnStartAsync(this WebApplication app)
    {
        var dev = app.Environment.IsDevelopment();
        if (!app.Configuration.GetValue("Database:MigrateOnStart", dev))
            return;
        await app.Services.MigrateAndSeedAsync(app.Configuration.GetValue("Seed:DemoContent", dev), app.Lifetime.ApplicationStopping);
    }

    /// <summary>
    /// Migrates every module's schema and runs the seeders. A PostgreSQL advisory lock makes instances that
    /// start together take turns, so each migration runs once.
    /// </summary>
    public static async Task MigrateAndSeedAsync(this IServiceProvider services, bool demoContent, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
            await take.ExecuteNonQueryAsync(ct);
        try
        {
            foreach (var module in services.GetServices<IModuleDatabase>())
                await module.MigrateAsync(services, ct);

            await using var scope = services.CreateAsyncScope();
            var seeders = scope.ServiceProvider.GetServices<IDataSeeder>()
                .Where(s => demoContent || !s.IsDemoContent)
                .OrderBy(s => s.Order);
            foreach (var seeder in seeders)
                await seeder.SeedAsync(ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
