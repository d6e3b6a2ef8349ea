using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.SiteServices.Data.Configurations;

internal sealed class SiteSettingsRowConfiguration : IEntityTypeConfiguration<SiteSettingsRow>
{
    public void Configure(EntityTypeBuilder<SiteSettingsRow> b)
    {
        b.ToTable("site_settings");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Json).HasColumnType("jsonb");
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Property(s => s.UpdatedBy).HasMaxLength(64);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        // The id is the event id, so a redelivered event cannot write a second row.
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.ActorId).HasMaxLength(64);
        b.Property(a => a.Area).HasMaxLength(40);
        b.Property(a => a.Action).HasMaxLength(80);
        b.Property(a => a.EntityType).HasMaxLength(80);
        b.Property(a => a.EntityId).HasMaxLength(200);
        b.Property(a => a.Before).HasColumnType("jsonb");
        b.Property(a => a.After).HasColumnType("jsonb");
        b.HasIndex(a => new { a.Area, a.At });
        b.HasIndex(a => a.At);
        // The audit page's filters: who did it, and what it was done to.
        b.HasIndex(a => new { a.ActorId, a.At });
        b.HasIndex(a => new { a.EntityId, a.At });
    }
}

internal sealed class ThrottleCountConfiguration : IEntityTypeConfiguration<ThrottleCount>
{
    public void Configure(EntityTypeBuilder<ThrottleCount> b)
    {
        b.ToTable("throttle_counts");
        // The throttle's upsert finds its row by this key, and sums a key's recent slices along it.
        b.HasKey(t => new { t.Key, t.SliceStart });
        b.Property(t => t.Key).HasMaxLength(64);
    }
}
