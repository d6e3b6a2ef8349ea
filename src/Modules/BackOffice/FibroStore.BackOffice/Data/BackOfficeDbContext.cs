using FibroStore.SharedKernel.Data;

namespace FibroStore.BackOffice.Data;

// dotnet ef migrations add <Name> --project src/Modules/BackOffice/FibroStore.BackOffice --startup-project src/FibroStore.Web --context BackOfficeDbContext --output-dir Data/Migrations
internal sealed class BackOfficeDbContext(DbContextOptions<BackOfficeDbContext> options) : DbContext(options)
{
    public const string Schema = "backoffice";

    public DbSet<SitePage> SitePages => Set<SitePage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BackOfficeDbContext).Assembly);
    }
}
