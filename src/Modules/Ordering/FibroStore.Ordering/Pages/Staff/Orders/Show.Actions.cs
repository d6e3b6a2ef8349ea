using FibroStore.Ordering.Checkout;
using FibroStore.Ordering.Fulfillment;

namespace FibroStore.Ordering.Pages.Staff.Orders;

public sealed partial class ShowStaffOrder
{
    internal sealed record AddNote(string Number, string Text, string ActorId) : ICommand<Outcome>;
    internal sealed record MarkShipped(string Number, string Carrier, string Tracking, string ActorId) : ICommand<Outcome>;
    internal sealed record MarkDelivered(string Number, string ActorId) : ICommand<Outcome>;
    internal sealed record CancelOrder(string Number, string ActorId) : ICommand<Outcome>;

    /// <summary>
    /// Each action locks the order row first, as the payment side does, so a staff action and a payment or refund
    /// notice arriving at the same moment take turns instead of one failing on the other's change.
    /// </summary>
    internal sealed class ActionHandlers(OrderingDbContext db, OrderEmails emails, ICatalogStock stock, TimeProvider clock) :
        ICommandHandler<AddNote, Outcome>, ICommandHandler<MarkShipped, Outcome>,
        ICommandHandler<MarkDelivered, Outcome>, ICommandHandler<CancelOrder, Outcome>
    {
        public ValueTask<Outcome> Handle(AddNote command, CancellationToken ct) =>
            InLockAsync(command.Number, (order, now) =>
            {
                db.OrderNotes.Add(new OrderNote { OrderId = order.Id, Text = command.Text, AuthorId = command.ActorId, At = now });
                // The note itself may name people; the audit keeps only that one was written.
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.note-added", "Order", order.DisplayNumber,
                    after: new { Characters = command.Text.Length });
                return Task.FromResult(Outcome.Done);
            }, ct);

        public ValueTask<Outcome> Handle(MarkShipped command, CancellationToken ct) =>
            InLockAsync(command.Number, async (order, now) =>
            {
                if (order.CannotShip() is { } problem) return Refusal.Invalid(problem);
                var before = new { Status = order.Status.ToString() };
                order.Ship(command.Carrier, command.Tracking, command.ActorId, now);
                OrderOutbox.Shipped(db, order, now);
                await emails.QueueShippedAsync(order, Carriers.TrackingUrl(order.Carrier, order.TrackingNumber), ct);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.shipped", "Order", order.DisplayNumber, before,
                    new { Status = order.Status.ToString(), order.Carrier, order.TrackingNumber });
                return Outcome.Done;
            }, ct);

        public ValueTask<Outcome> Handle(MarkDelivered command, CancellationToken ct) =>
            InLockAsync(command.Number, (order, now) =>
            {
                if (order.CannotMarkDelivered() is { } problem) return Task.FromResult<Outcome>(Refusal.Invalid(problem));
                var before = new { Status = order.Status.ToString() };
                order.MarkDelivered(command.ActorId, now);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.delivered", "Order", order.DisplayNumber, before,
                    new { Status = order.Status.ToString() });
                return Task.FromResult(Outcome.Done);
            }, ct);

        public ValueTask<Outcome> Handle(CancelOrder command, CancellationToken ct) =>
            InLockAsync(command.Number, async (order, now) =>
            {
                if (order.CannotCancel() is { } problem) return Refusal.Invalid(problem);
                var before = new { Status = order.Status.ToString() };
                order.Cancel(command.ActorId, "Cancelled by the store before payment.", now);
                OrderOutbox.Cancelled(db, order, "Cancelled by the store before payment.", now);
                // Released through Catalog's idempotent contract: if saving below fails, a second try releases nothing twice.
                await stock.ReleaseAsync(order.CheckoutId, ct);
                await db.ReleaseDiscountAsync(order.CheckoutId, ct);
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "order.cancelled", "Order", order.DisplayNumber, before,
                    new { Status = order.Status.ToString() });
                return Outcome.Done;
            }, ct);

        private async ValueTask<Outcome> InLockAsync(string number, Func<Order, DateTimeOffset, Task<Outcome>> act, CancellationToken ct)
        {
            if (Order.ParseNumber(number) is not { } n) return NoSuchOrder;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var order = await db.LockOrderAsync(n, ct);
            if (order is null) return NoSuchOrder;
            var outcome = await act(order, clock.GetUtcNow());
            if (!outcome.IsDone) return outcome;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return outcome;
        }
    }
}
