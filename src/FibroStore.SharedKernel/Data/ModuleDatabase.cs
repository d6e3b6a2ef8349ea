using Microsoft.Extensions.Hosting;

namespace FibroStore.SharedKernel.Data;

/// <summary>One module's database: how the host migrates it and drains its outbox.</summary>
public interface IModuleDatabase
{
    string Schema { get; }
    Task MigrateAsync(IServiceProvider services, CancellationToken ct);
    Task<int> ProcessOutboxAsync(IServiceProvider services, CancellationToken ct);
    /// <summary>Tells the module's outbox processor that messages are due.</summary>
    void WakeOutbox(IServiceProvider services);
}

internal sealed class ModuleDatabase<TContext>(string schema) : IModuleDatabase where TContext : DbContext
{
    public string Schema => schema;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(ct);
    }

    public Task<int> ProcessOutboxAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OutboxProcessor<TContext>>().ProcessPendingAsync(ct);

    public void WakeOutbox(IServiceProvider services) => services.GetRequiredService<OutboxProcessor<TContext>>().Wake();
}

/// <summary>
/// Data a module puts in place after migrating. Must be idempotent: it runs on every start that seeds.
/// Demo content runs only where demo seeding is switched on (development); the rest runs everywhere.
/// </summary>
public interface IDataSeeder
{
    int Order { get; }
    bool IsDemoContent { get; }
    Task SeedAsync(CancellationToken ct);
}

public static class ModuleDatabaseRegistration
{
    /// <summary>
    /// How many contexts of each module wait in its pool between requests: as many as the requests the store is measured
    /// at (256 at once), as each holds at most one of each module's. A request above it gets a context made for it,
    /// with EF's whole service scope: with 64, making contexts was 6–10% of what the cart page allocated under 256
    /// connections, and adding to the cart and the cart page answered 22–24% fewer requests (one run each). A full pool
    /// holds about 14 KB a context; EF's default, 1,024, is not needed.
    /// </summary>
    public const int ContextPoolSize = 256;

    /// <summary>
    /// Registers a module's DbContext on the shared connection pool, in its own schema with its own
    /// migrations history, plus the processor that publishes its outbox. Contexts are pooled (none holds state of
    /// its own). They keep EF's default execution strategy, which never replays: see <see cref="DatabaseRetry"/>.
    /// </summary>
    // dotnet ef migrations add <Name> --project src/Modules/<M>/FibroStore.<M> --startup-project src/FibroStore.Web --output-dir Data/Migrations
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string schema)
        where TContext : DbContext
    {
        services.AddDbContextPool<TContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(),
                npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .UseSnakeCaseNamingConvention(), ContextPoolSize);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxProcessor<TContext>>(sp, schema));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxProcessor<TContext>>());
        services.AddSingleton<IModuleDatabase>(new ModuleDatabase<TContext>(schema));
        return services;
    }
}
