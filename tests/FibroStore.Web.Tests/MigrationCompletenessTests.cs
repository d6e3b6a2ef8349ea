using Microsoft.EntityFrameworkCore;

namespace FibroStore.Web.Tests;

/// <summary>
/// Every module's model matches its migrations. Branches that each add a migration to one module merge their model
/// snapshots as text; a merge that loses a column shows up here instead of as a missing column in production.
/// </summary>
public sealed class MigrationCompletenessTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public void Every_module_database_has_a_migration_for_each_change_to_its_model()
    {
        var contextTypes = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("FibroStore.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.True(contextTypes.Count >= 8, $"Found only {contextTypes.Count} module databases.");

        using var scope = store.Services.CreateScope();
        var pending = contextTypes
            .Where(t => ((DbContext)scope.ServiceProvider.GetRequiredService(t)).Database.HasPendingModelChanges())
            .Select(t => t.Name)
            .ToList();

        Assert.True(pending.Count == 0, $"Model changes with no migration: {string.Join(", ", pending)}.");
    }
}
