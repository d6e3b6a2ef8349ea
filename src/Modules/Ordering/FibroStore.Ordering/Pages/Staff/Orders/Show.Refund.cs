using FibroStore.Ordering.Fulfillment;
using FibroStore.Payments.Contracts;
using Microsoft.Extensions.Logging;

namespace FibroStore.Ordering.Pages.Staff.Orders;

public sealed partial class ShowStaffOrder
{
    internal sealed record RefundOrder(string Number, Guid RefundId, IReadOnlyDictionary<int, int> Quantities, bool Shipping, bool Restock,
        string Reason, string ActorId) : ICommand<Outcome>;

    /// <summary>
    /// A staff refund, in three steps so that money moves once whatever is clicked, retried or raced:
    /// 1. under the order's row lock, the refund row (its id from the form) is claimed as Requested, or found when
    ///    the same form was posted before, in which case nothing more happens;
    /// 2. the card is refunded with that id as the idempotency key, outside any lock or transaction;
    /// 3. under the lock again, the row becomes Succeeded (or Failed) with the order's totals, lines, email, audit and
    ///    <see cref="OrderRefunded"/>, whose handler puts the chosen items back in stock (once per refund id).
    /// </summary>
    internal sealed class RefundHandler(OrderingDbContext db, IPaymentGateway payments, OrderEmails emails,
        TimeProvider clock, ILogger<RefundHandler> logger) : ICommandHandler<RefundOrder, Outcome>
    {
        /// <summary>A Requested row this old was left by a request that died mid-way: posting its form again finishes it.</summary>
        private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

        public async ValueTask<Outcome> Handle(RefundOrder command, CancellationToken ct)
        {
            if (Order.ParseNumber(command.Number) is not { } number) return NoSuchOrder;

            OrderRefund refund;
            Order order;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var locked = await db.LockOrderAsync(number, ct);
                if (locked is null) return NoSuchOrder;
                order = locked;
                var refunds = await db.Refunds.Where(r => r.OrderId == order.Id).ToListAsync(ct);
                var earlier = refunds.FirstOrDefault(r => r.Id == command.RefundId);
                if (earlier is not null && !(earlier.Status == RefundStatus.Requested && earlier.CreatedAt < clock.GetUtcNow() - Abandoned))
                {
                    await tx.CommitAsync(ct);
                    return Repeated(earlier);
                }
                if (earlier is not null)
                {
                    refund = earlier;
                }
                else
                {
                    var planned = RefundRules.Plan(order, refunds, command.Quantities, command.Shipping);
                    if (!planned.IsDone) return planned.Refusal;
                    if (order.PaymentIntentId is null) return Refusal.Invalid("This order has no card payment to refund.");
                    var plan = planned.Value;
                    refund = new OrderRefund
                    {
                        Id = command.RefundId, OrderId = order.Id, Amount = plan.Amount, Restock = command.Restock, Lines = plan.Lines,
                        Reason = command.Reason, ActorId = command.ActorId, Status = RefundStatus.Requested, CreatedAt = clock.GetUtcNow(),
                    };
                    db.Refunds.Add(refund);
                    await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
            }

            // From here the card may be refunded: the outcome is recorded even if the person closes the page.
            RefundOutcome outcome;
            try
            {
                outcome = await payments.RefundAsync(order.PaymentIntentId!, refund.Amount, order.Currency, refund.Id.ToString(), CancellationToken.None);
            }
            catch (PaymentFailedException ex)
            {
                logger.LogWarning(ex, "Refund {RefundId} of order {Order} was refused by the payment provider.", refund.Id, order.DisplayNumber);
                await FinishAsync(number, refund.Id, (o, r, now) =>
                {
                    r.Status = RefundStatus.Failed;
                    r.Failure = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                    AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.refund-failed", "Order", o.DisplayNumber,
                        after: new { RefundId = r.Id, r.Amount, r.Failure });
                    return Task.CompletedTask;
                });
                return CardRefundFailed(ex.Message);
            }

            await FinishAsync(number, refund.Id, async (o, r, now) =>
            {
                var before = new { Status = o.Status.ToString(), o.AmountRefunded };
                r.Status = RefundStatus.Succeeded;
                r.ProviderRefundId = outcome.RefundId;
                foreach (var line in o.Lines)
                    line.QuantityRefunded += r.Lines.GetValueOrDefault(line.Position);
                // The provider's refund notice may have raised the total already; the refunds made so far are the truth either way.
                var refundedSoFar = await db.Refunds.Where(x => x.OrderId == o.Id && x.Status == RefundStatus.Succeeded && x.Id != r.Id)
                    .SumAsync(x => x.Amount, CancellationToken.None) + r.Amount;
                o.ApplyRefundedTotal(refundedSoFar, command.ActorId, now);
                await emails.QueueRefundAsync(o, r.Amount, CancellationToken.None);
                var restock = r.Restock
                    ? o.Lines.Where(l => r.Lines.GetValueOrDefault(l.Position) > 0).Select(l => new RefundedLine(l.VariantId, r.Lines[l.Position])).ToList()
                    : [];
                OrderOutbox.Refunded(db, o, r.Id, r.Amount, o.AmountRefunded, o.Status == OrderStatus.Refunded, restock, now);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.refunded", "Order", o.DisplayNumber, before,
                    new
                    {
                        Status = o.Status.ToString(), o.AmountRefunded, RefundId = r.Id, r.Amount, r.Restock, r.ProviderRefundId,
                        Lines = r.Lines.Where(l => l.Key != RefundRules.ShippingPosition).ToDictionary(l => l.Key, l => l.Value),
                        Shipping = r.Lines.ContainsKey(RefundRules.ShippingPosition),
                    });
            });
            return Outcome.Done;
        }

        /// <summary>The same form posted again: nothing is refunded twice.</summary>
        private static Outcome Repeated(OrderRefund earlier) =>
            earlier.Status == RefundStatus.Failed ? CardRefundFailed(earlier.Failure) : Outcome.Done;

        private static Refusal CardRefundFailed(string? why) =>
            Refusal.Conflict($"The card refund did not go through, so nothing was refunded: {why}");

        /// <summary>Step 3: under the order's lock, only the first to arrive finishes a Requested refund.</summary>
        private async Task FinishAsync(long number, Guid refundId, Func<Order, OrderRefund, DateTimeOffset, Task> finish)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var order = await db.LockOrderAsync(number, CancellationToken.None);
            var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, CancellationToken.None);
            if (order is null || refund.Status != RefundStatus.Requested)
                return;
            await finish(order, refund, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
    }
}
