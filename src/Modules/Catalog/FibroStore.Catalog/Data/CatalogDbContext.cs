using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Catalog.Data;

// dotnet ef migrations add <Name> --project src/Modules/Catalog/FibroStore.Catalog --startup-project src/FibroStore.Web --context CatalogDbContext --output-dir Data/Migrations
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string Schema = "catalog";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
    }
}
