using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Ordering.Contracts;

// What happens to an order, told to the other modules. Each is written to Ordering's outbox in the same transaction
// as the change it reports, and delivered at least once: listeners must not act twice on one EventId.
// Number is the order number people see ("FS-1042"). One order's events keep their order among themselves; different
// orders' events are handled side by side.

/// <summary>A payment page completed and the order exists, paid or still waiting for a bank payment.</summary>
public sealed record OrderPlaced(Guid OrderId, string Number, string? CustomerId, decimal Total, string Currency, DateTimeOffset At)
    : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"order:{OrderId}";
}

/// <summary>
/// The payment is in and the items are sold: the order will be sent. <paramref name="JoinNewsletter"/> is the shopper's
/// tick at checkout; <paramref name="EmailConfirmedByAccount"/> says the address is a signed-in account's, which the
/// account has already proven (a guest's typed address has not been).
/// </summary>
public sealed record OrderPaid(Guid OrderId, string Number, string Email, string? FirstName, bool JoinNewsletter,
    bool EmailConfirmedByAccount, decimal Total, string Currency, DateTimeOffset At) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"order:{OrderId}";
}

public sealed record OrderShipped(Guid OrderId, string Number, string Carrier, string TrackingNumber, DateTimeOffset At)
    : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"order:{OrderId}";
}

/// <summary>One line's units given back by a refund, to go back on the shelf.</summary>
public sealed record RefundedLine(Guid VariantId, int Quantity);

/// <summary>
/// Money went back to the payer. <paramref name="RefundId"/> names the store's refund (null for one made on the payment
/// provider's dashboard); <paramref name="RefundedSoFar"/> is the order's running total; <paramref name="Restock"/> lists
/// the units staff chose to put back in stock (empty when none).
/// </summary>
public sealed record OrderRefunded(Guid OrderId, string Number, Guid? RefundId, decimal Amount, decimal RefundedSoFar, bool InFull,
    string Currency, IReadOnlyList<RefundedLine> Restock, DateTimeOffset At) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"order:{OrderId}";
}

/// <summary>The order was closed before it was paid (by staff, a failed bank payment, or items sold out with nothing to pay).</summary>
public sealed record OrderCancelled(Guid OrderId, string Number, string Reason, DateTimeOffset At) : IntegrationEvent, ISequencedEvent
{
    string ISequencedEvent.SequenceKey => $"order:{OrderId}";
}
