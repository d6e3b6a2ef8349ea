using FibroStore.SharedKernel.Data;

namespace FibroStore.Subscribers.Data;

// dotnet ef migrations add <Name> --project src/Modules/Subscribers/FibroStore.Subscribers --startup-project src/FibroStore.Web --context SubscribersDbContext --output-dir Data/Migrations
internal sealed class SubscribersDbContext(DbContextOptions<SubscribersDbContext> options) : DbContext(options)
{
    public const string Schema = "subscribers";

    public DbSet<Subscriber> Subscribers => Set<Subscriber>();
    public DbSet<SubscriberEvent> SubscriberEvents => Set<SubscriberEvent>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<HeardEvent> HeardEvents => Set<HeardEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SubscribersDbContext).Assembly);
    }
}
