using FibroStore.SharedKernel.Data;

namespace FibroStore.Catalog.Data;

// dotnet ef migrations add <Name> --project src/Modules/Catalog/FibroStore.Catalog --startup-project src/FibroStore.Web --context CatalogDbContext --output-dir Data/Migrations
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string Schema = "catalog";

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Variant> Variants => Set<Variant>();
    public DbSet<ProductImage> Images => Set<ProductImage>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<StockReservation> Reservations => Set<StockReservation>();
    public DbSet<StockReservationLine> ReservationLines => Set<StockReservationLine>();
    public DbSet<StockReturn> Returns => Set<StockReturn>();
    public DbSet<ProductRedirect> Redirects => Set<ProductRedirect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
    }
}
