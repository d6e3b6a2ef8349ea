namespace FibroStore.SharedKernel.Messaging;

/// <summary>
/// An event that needs to keep its place only among events with the same <see cref="SequenceKey"/> (one checkout,
/// one order, one recipient). An outbox publishes events with different keys side by side; an event without a key
/// waits for every event before it and runs alone, as all events once did.
/// </summary>
public interface ISequencedEvent
{
    string SequenceKey { get; }
}
