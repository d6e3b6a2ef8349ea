namespace FibroStore.Subscribers.Data;

/// <summary>
/// An event from another module that this module has acted on, by its id: the outbox delivers at least once, and a
/// handler whose work is not naturally idempotent (an invitation email) writes this row in the same transaction as
/// its work, so a second delivery finds it and does nothing. Holds no personal data.
/// </summary>
internal sealed class HeardEvent
{
    public Guid EventId { get; init; }
    public DateTimeOffset HeardAt { get; init; }
}
