using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Ordering.Data.Configurations;

internal sealed class TaxSettingsConfiguration : IEntityTypeConfiguration<TaxSettingsRow>
{
    public void Configure(EntityTypeBuilder<TaxSettingsRow> b)
    {
        b.ToTable("tax_settings");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.TaxMode).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.TaxRatePercent).HasPrecision(5, 2);
        b.Property(t => t.TaxName).HasMaxLength(40);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Property(t => t.UpdatedBy).HasMaxLength(64);
    }
}
