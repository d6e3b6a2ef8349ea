using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Subscribers.Data.Configurations;

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> b)
    {
        b.ToTable("subscribers");
        b.HasKey(s => s.Id);
        b.Property(s => s.Email).HasMaxLength(Subscriber.EmailMaxLength);
        b.Property(s => s.NormalizedEmail).HasMaxLength(Subscriber.EmailMaxLength);
        b.HasIndex(s => s.NormalizedEmail).IsUnique();
        b.Property(s => s.FirstName).HasMaxLength(Subscriber.FirstNameMaxLength);
        // Stored as words: the campaign's INSERT … SELECT and the sender's SQL name them.
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Preference).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(s => new { s.Status, s.Preference });
        b.HasMany(s => s.History).WithOne().HasForeignKey(e => e.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubscriberEventConfiguration : IEntityTypeConfiguration<SubscriberEvent>
{
    public void Configure(EntityTypeBuilder<SubscriberEvent> b)
    {
        b.ToTable("subscriber_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.What).HasMaxLength(40);
        b.Property(e => e.Detail).HasMaxLength(500);
        b.HasIndex(e => new { e.SubscriberId, e.At });
        // The dashboard counts joins and departures in a period.
        b.HasIndex(e => new { e.What, e.At });
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("campaigns");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.ArticleId).IsUnique();
        b.HasIndex(c => c.DigestWeek).IsUnique();
        b.Property(c => c.DigestItems).HasColumnType("jsonb");
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.Excerpt).HasMaxLength(2000);
        b.Property(c => c.ArticleUrl).HasMaxLength(1000);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.ToTable("deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.LastAnswer).HasMaxLength(1000);
        b.HasIndex(d => new { d.CampaignId, d.SubscriberId }).IsUnique();
        // The sender's claim reads only pending rows in due order.
        b.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
        b.HasIndex(d => new { d.CampaignId, d.Status });
        b.HasOne<Campaign>().WithMany().HasForeignKey(d => d.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // Erasing a subscriber erases their deliveries too: a delivery row says who got which email.
        b.HasOne<Subscriber>().WithMany().HasForeignKey(d => d.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HeardEventConfiguration : IEntityTypeConfiguration<HeardEvent>
{
    public void Configure(EntityTypeBuilder<HeardEvent> b)
    {
        b.ToTable("heard_events");
        b.HasKey(e => e.EventId);
    }
}
