namespace FibroStore.SiteServices.Data;

// dotnet ef migrations add <Name> --project src/Modules/SiteServices/FibroStore.SiteServices --startup-project src/FibroStore.Web --context SiteServicesDbContext --output-dir Data/Migrations
internal sealed class SiteServicesDbContext(DbContextOptions<SiteServicesDbContext> options) : DbContext(options)
{
    public const string Schema = "siteservices";

    public DbSet<SiteSettingsRow> SiteSettings => Set<SiteSettingsRow>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ThrottleCount> ThrottleCounts => Set<ThrottleCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SiteServicesDbContext).Assembly);
    }
}
