using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.BackOffice.Data;

// dotnet ef migrations add <Name> --project src/Modules/BackOffice/FibroStore.BackOffice --startup-project src/FibroStore.Web --context BackOfficeDbContext --output-dir Data/Migrations
internal sealed class BackOfficeDbContext(DbContextOptions<BackOfficeDbContext> options) : DbContext(options)
{
    public const string Schema = "backoffice";

    public DbSet<SiteSettingsRow> SiteSettings => Set<SiteSettingsRow>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SitePage> SitePages => Set<SitePage>();
    public DbSet<ThrottleHit> ThrottleHits => Set<ThrottleHit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BackOfficeDbContext).Assembly);
    }
}
