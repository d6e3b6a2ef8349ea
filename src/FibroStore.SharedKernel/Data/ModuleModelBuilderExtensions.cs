using System.Text.Json;
using FibroStore.SharedKernel.Messaging;

namespace FibroStore.SharedKernel.Data;

public static class ModuleModelBuilderExtensions
{
    /// <summary>Every module context calls this: its own schema and its own outbox table.</summary>
    public static ModelBuilder UseModuleSchema(this ModelBuilder modelBuilder, string schema)
    {
        modelBuilder.HasDefaultSchema(schema);
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Type).HasMaxLength(300);
            b.Property(m => m.Payload).HasColumnType("jsonb");
            b.Property(m => m.LastError).HasMaxLength(2000);
            b.HasIndex(m => m.NextAttemptAt).HasFilter("processed_at IS NULL AND parked_at IS NULL");
            b.HasIndex(m => m.ParkedAt).HasFilter("parked_at IS NOT NULL");
        });
        return modelBuilder;
    }

    /// <summary>Stages an event in the module's outbox; it is written by the same SaveChanges as the change it reports.</summary>
    public static void AddEvent(this DbContext db, IIntegrationEvent @event, DateTimeOffset now) =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(@event, now));
}

public static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
