namespace FibroStore.Ordering.Data;

/// <summary>A new store gets two delivery options so it can sell at once; staff change them at /staff/shipping.</summary>
internal sealed class ShippingOptionsSeeder(OrderingDbContext db) : IDataSeeder
{
    public int Order => 50;
    public bool IsDemoContent => false;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.ShippingOptions.AnyAsync(ct))
            return;
        db.ShippingOptions.AddRange(
            new ShippingOption { Id = Guid.CreateVersion7(), Name = "Standard delivery", Description = "3 to 5 working days", Price = 3.95m, FreeOver = 40m, Position = 0 },
            new ShippingOption { Id = Guid.CreateVersion7(), Name = "Express delivery", Description = "Next working day when ordered by 2 pm", Price = 7.95m, Position = 1 });
        await db.SaveChangesAsync(ct);
    }
}
