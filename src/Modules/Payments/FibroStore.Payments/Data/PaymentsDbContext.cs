using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Payments.Data;

// dotnet ef migrations add <Name> --project src/Modules/Payments/FibroStore.Payments --startup-project src/FibroStore.Web --context PaymentsDbContext --output-dir Data/Migrations
internal sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string Schema = "payments";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
    }
}
