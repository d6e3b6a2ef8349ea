using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Data;

// dotnet ef migrations add <Name> --project src/Modules/Editorial/FibroStore.Editorial --startup-project src/FibroStore.Web --context EditorialDbContext --output-dir Data/Migrations
internal sealed class EditorialDbContext(DbContextOptions<EditorialDbContext> options) : DbContext(options)
{
    public const string Schema = "editorial";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EditorialDbContext).Assembly);
    }
}
