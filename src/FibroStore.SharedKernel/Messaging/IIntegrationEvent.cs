using Mediator;

namespace FibroStore.SharedKernel.Messaging;

/// <summary>A past-tense fact one module tells the others. Delivered through the sender's outbox, at least once.</summary>
public interface IIntegrationEvent : INotification
{
    Guid EventId { get; }
}

public abstract record IntegrationEvent : IIntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();
}
