using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Accounts.Data.Configurations;

internal sealed class StoreUserConfiguration : IEntityTypeConfiguration<StoreUser>
{
    public void Configure(EntityTypeBuilder<StoreUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(80);
        // Identity names its indexes itself (UserNameIndex…); these follow the rest of the schema.
        b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("ix_users_normalized_user_name");
        b.HasIndex(u => u.NormalizedEmail).HasDatabaseName("ix_users_normalized_email");
    }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> b) =>
        b.HasIndex(r => r.NormalizedName).HasDatabaseName("ix_roles_normalized_name");
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b) => b.ToTable("data_protection_keys");
}

internal sealed class SetupTokenConfiguration : IEntityTypeConfiguration<SetupToken>
{
    public void Configure(EntityTypeBuilder<SetupToken> b)
    {
        b.ToTable("setup_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Hash).HasMaxLength(32);
        b.HasIndex(t => t.Hash).IsUnique();
    }
}

internal sealed class SavedAddressConfiguration : IEntityTypeConfiguration<SavedAddress>
{
    public void Configure(EntityTypeBuilder<SavedAddress> b)
    {
        b.ToTable("addresses");
        b.HasKey(a => a.Id);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        foreach (var line in new[] { nameof(SavedAddress.Name), nameof(SavedAddress.Company), nameof(SavedAddress.Line1), nameof(SavedAddress.Line2),
                     nameof(SavedAddress.City), nameof(SavedAddress.Region), nameof(SavedAddress.PostalCode), nameof(SavedAddress.Phone) })
            b.Property(line).HasMaxLength(SavedAddress.LineLength);
        b.Property(a => a.Country).HasMaxLength(2);
        b.HasIndex(a => new { a.UserId, a.Kind }).IsUnique();
        // Deleting the account deletes its addresses in the same statement.
        b.HasOne<StoreUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
