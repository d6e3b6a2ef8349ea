using Microsoft.EntityFrameworkCore;

namespace FibroStore.Payments.Data;

/// <summary>Every webhook event Stripe sent, once: the id is the key, so a replay finds its row and does nothing.</summary>
internal sealed class WebhookEvent
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public string Payload { get; init; } = "";
    public bool Handled { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    /// <summary>When the payload was cut down to what identifies the payment (see <c>WebhookPayloads</c>); null until then.</summary>
    public DateTimeOffset? PayloadReducedAt { get; init; }
}

// dotnet ef migrations add <Name> --project src/Modules/Payments/FibroStore.Payments --startup-project src/FibroStore.Web --context PaymentsDbContext --output-dir Data/Migrations
internal sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string Schema = "payments";

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.Entity<WebhookEvent>(b =>
        {
            b.ToTable("webhook_events");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).HasMaxLength(255);
            b.Property(e => e.Type).HasMaxLength(100);
            b.Property(e => e.Payload).HasColumnType("jsonb");
            b.HasIndex(e => e.ReceivedAt);
        });
    }
}
