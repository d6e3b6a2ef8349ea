using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Ordering.Data;

// dotnet ef migrations add <Name> --project src/Modules/Ordering/FibroStore.Ordering --startup-project src/FibroStore.Web --context OrderingDbContext --output-dir Data/Migrations
internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public const string Schema = "ordering";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
    }
}
