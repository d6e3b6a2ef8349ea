using FibroStore.Payments.Contracts;
using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Ordering.Fulfillment;

internal enum StoreRefundKind
{
    /// <summary>The payment came after the stock hold ended and the items had sold meanwhile.</summary>
    SoldOut,
    /// <summary>A bank payment settled after the order was cancelled.</summary>
    PaidAfterCancel,
}

/// <summary>A refund the store decided on its own is recorded (Requested) and due at the payment provider.</summary>
internal sealed record StoreRefundDue(Guid RefundId, StoreRefundKind Kind) : IntegrationEvent;

/// <summary>A payment refused because it did not match its checkout is due back in full; there is no order.</summary>
internal sealed record RefusedPaymentRefundDue(Guid CheckoutId, CheckoutSessionState Session) : IntegrationEvent;

/// <summary>
/// The refunds the store makes on its own, in three steps so that no row lock is held while the payment provider
/// answers: under the lock the refund is recorded as due and committed (with this message, in Ordering's outbox);
/// here the card is refunded with no lock or transaction open, keyed by the refund's id so that a retry after a crash
/// or a timeout gets the same refund back instead of a second one; then, under the lock again, the outcome is recorded
/// once, with the order's totals, the email and <see cref="Contracts.OrderRefunded"/>. A provider that fails or hangs
/// leaves the message to the outbox's retries.
/// </summary>
internal sealed class StoreRefunds(OrderingDbContext db, IPaymentGateway payments, OrderEmails emails, TimeProvider clock)
    : INotificationHandler<StoreRefundDue>, INotificationHandler<RefusedPaymentRefundDue>
{
    /// <summary>Step 1, inside the caller's locked transaction: the refund row and its message, saved by the caller.</summary>
    public static void Request(OrderingDbContext db, Order order, decimal amount, StoreRefundKind kind, string reason, DateTimeOffset now)
    {
        var refund = new OrderRefund
        {
            Id = Guid.CreateVersion7(), OrderId = order.Id, Amount = amount, Restock = false, Reason = reason, ActorId = "store",
            Status = RefundStatus.Requested, CreatedAt = now,
        };
        db.Refunds.Add(refund);
        db.AddEvent(new StoreRefundDue(refund.Id, kind), now);
    }

    public async ValueTask Handle(StoreRefundDue due, CancellationToken ct)
    {
        var refund = await db.Refunds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == due.RefundId, ct);
        if (refund is not { Status: RefundStatus.Requested }) return;
        var payment = await db.Orders.AsNoTracking().Where(o => o.Id == refund.OrderId)
            .Select(o => new { o.PaymentIntentId, o.Currency }).SingleAsync(ct);
        var outcome = await payments.RefundAsync(payment.PaymentIntentId!, refund.Amount, payment.Currency, refund.Id.ToString(), ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = await db.LockOrderAsync(refund.OrderId, ct)
                    ?? throw new InvalidOperationException($"Refund {refund.Id} names an order that does not exist.");
        var row = await db.Refunds.SingleAsync(r => r.Id == refund.Id, ct);
        if (row.Status != RefundStatus.Requested) return;
        var now = clock.GetUtcNow();
        row.Status = RefundStatus.Succeeded;
        row.ProviderRefundId = outcome.RefundId;
        if (due.Kind == StoreRefundKind.PaidAfterCancel)
        {
            order.RecordPaymentReturned(order.PaymentIntentId, now);
            await emails.QueueRefundAsync(order, row.Amount, ct);
            OrderOutbox.Refunded(db, order, row.Id, row.Amount, row.Amount, inFull: true, [], now);
        }
        else
        {
            // The provider's refund notice may have raised the total already; the refunds made so far are the truth either way.
            var refundedSoFar = await db.Refunds.Where(r => r.OrderId == order.Id && r.Status == RefundStatus.Succeeded && r.Id != row.Id)
                .SumAsync(r => r.Amount, ct) + row.Amount;
            order.ApplyRefundedTotal(refundedSoFar, "store: sold out before the payment arrived", now);
            await emails.QueueSoldOutRefundAsync(order, ct);
            OrderOutbox.Refunded(db, order, row.Id, row.Amount, order.AmountRefunded, order.Status == OrderStatus.Refunded, [], now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async ValueTask Handle(RefusedPaymentRefundDue due, CancellationToken ct)
    {
        var session = due.Session;
        var done = await db.Checkouts.AsNoTracking().Where(c => c.Id == due.CheckoutId).Select(c => c.ProblemRefundId != null).SingleOrDefaultAsync(ct);
        if (done || session.PaymentIntentId is null) return;
        // The key is the checkout's: whichever notice asks, the payment goes back once.
        var outcome = await payments.RefundAsync(session.PaymentIntentId, session.AmountTotal, session.Currency, $"mismatch-{due.CheckoutId:N}", ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var checkout = await db.LockCheckoutAsync(due.CheckoutId, ct);
        if (checkout is null || checkout.ProblemRefundId is not null) return;
        checkout.ProblemRefundId = outcome.RefundId;
        await emails.QueueRefusedPaymentReturnedAsync(checkout, session, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
