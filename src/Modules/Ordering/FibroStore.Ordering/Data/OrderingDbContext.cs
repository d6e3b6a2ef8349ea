namespace FibroStore.Ordering.Data;

// dotnet ef migrations add <Name> --project src/Modules/Ordering/FibroStore.Ordering --startup-project src/FibroStore.Web --context OrderingDbContext --output-dir Data/Migrations
internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public const string Schema = "ordering";
    public const string OrderNumbers = "order_numbers";

    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<CheckoutAttempt> Checkouts => Set<CheckoutAttempt>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderStatusChange> OrderHistory => Set<OrderStatusChange>();
    public DbSet<OrderNote> OrderNotes => Set<OrderNote>();
    public DbSet<OrderRefund> Refunds => Set<OrderRefund>();
    public DbSet<ShippingOption> ShippingOptions => Set<ShippingOption>();
    public DbSet<DiscountCode> DiscountCodes => Set<DiscountCode>();
    public DbSet<TaxSettingsRow> TaxSettings => Set<TaxSettingsRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.HasSequence<long>(OrderNumbers).StartsAt(1001);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingDbContext).Assembly,
            t => t.Namespace == typeof(Configurations.OrderConfiguration).Namespace);
    }
}
