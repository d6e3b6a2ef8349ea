using System.Text.Json;
using FibroStore.SharedKernel.Messaging;

namespace FibroStore.SharedKernel.Data;

public sealed class OutboxMessage
{
    /// <summary>The message that reports <paramref name="event"/>, due at once.</summary>
    public static OutboxMessage For(IIntegrationEvent @event, DateTimeOffset now)
    {
        var type = @event.GetType();
        return new OutboxMessage
        {
            Id = @event.EventId,
            Type = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(@event, type, OutboxJson.Options),
            OccurredAt = now,
            NextAttemptAt = now,
        };
    }

    public Guid Id { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>While in the future, one processor holds the message; after a crash it returns once this passes.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Set aside after too many failures: not tried again until an admin retries it.</summary>
    public DateTimeOffset? ParkedAt { get; set; }
}
