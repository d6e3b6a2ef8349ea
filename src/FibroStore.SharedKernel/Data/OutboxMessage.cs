namespace FibroStore.SharedKernel.Data;

public sealed class OutboxMessage
{
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
