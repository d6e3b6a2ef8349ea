using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace FibroStore.Accounts.Data;

// dotnet ef migrations add <Name> --project src/Modules/Accounts/FibroStore.Accounts --startup-project src/FibroStore.Web --context AccountsDbContext --output-dir Data/Migrations
internal sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityDbContext<StoreUser>(options), IDataProtectionKeyContext
{
    public const string Schema = "accounts";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();
    public DbSet<SavedAddress> Addresses => Set<SavedAddress>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // After Identity's own model, so the schema and the outbox apply to its tables too.
        builder.UseModuleSchema(Schema);

        // Plain table names instead of AspNetUsers…; principals first, so foreign-key names follow the new names.
        builder.Entity<StoreUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");

        builder.ApplyConfigurationsFromAssembly(typeof(AccountsDbContext).Assembly);
    }
}
