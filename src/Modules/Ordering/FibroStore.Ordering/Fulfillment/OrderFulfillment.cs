using FibroStore.Ordering.Checkout;
using FibroStore.Payments.Contracts;
using Microsoft.Extensions.Logging;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// Turns what the payment provider says about a checkout into an order, exactly once. Webhooks (in any order,
/// any number of times) and the return page all come here; each call locks the checkout row first, so callers
/// queue up and each step — placing the order, taking payment, selling the stock, emailing — happens once. What the
/// other modules need to hear (<see cref="Contracts.OrderPaid"/> and the rest) is written to Ordering's outbox in the
/// same transaction. Money going back is only recorded here, as a refund due; the card is refunded afterwards, outside
/// the lock, by <see cref="StoreRefunds"/>, so a slow payment provider never holds up another notice for the same order.
/// </summary>
internal sealed class OrderFulfillment(
    OrderingDbContext db,
    ICatalogStock stock,
    OrderEmails emails,
    TimeProvider clock,
    ILogger<OrderFulfillment> logger)
{
    /// <summary>
    /// A completed session (paid, or waiting for a bank payment) or a settled asynchronous payment. Returns the
    /// order, or null when the session is unknown here or not completed.
    /// </summary>
    public async Task<Order?> SettleAsync(CheckoutSessionState session, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var checkout = await db.LockCheckoutAsync(session.CheckoutId, ct);
        if (checkout is null)
        {
            logger.LogWarning("Payment session {SessionId} names checkout {CheckoutId}, which this store does not know.", session.SessionId, session.CheckoutId);
            return null;
        }
        var now = clock.GetUtcNow();
        var order = await db.Orders.SingleOrDefaultAsync(o => o.CheckoutId == checkout.Id, ct);
        if (order is null && session.Status != CheckoutSessionStatus.Complete)
            return null;
        // The provider's word is checked against what the store priced before anything is sold: a payment for another
        // amount, currency or session places no order and goes back.
        if (Mismatch(checkout, session) is { } problem)
        {
            await RefusePaymentAsync(checkout, hasOrder: order is not null, session, problem, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        if (order is null)
        {
            order = await PlaceAsync(checkout, session, now, ct);
            checkout.SessionId ??= session.SessionId;
            // The cart has become this order; what was in it is not for sale to the same person twice.
            await db.CartLines.Where(l => l.CartId == checkout.CartId).ExecuteDeleteAsync(ct);
        }

        // A discount and free delivery can leave nothing to pay: the provider then completes the session without a payment.
        var settled = session.PaymentStatus == CheckoutPaymentStatus.Paid
                      || (session.PaymentStatus == CheckoutPaymentStatus.NoPaymentRequired && order.Total == 0);
        if (settled && order.MarkPaid(session.PaymentIntentId, now) && order.DiscountCodeId is { } codeId)
            await db.CountDiscountUseAsync(checkout.Id, codeId, ct);

        if (session.PaymentStatus == CheckoutPaymentStatus.Paid && order is { Status: OrderStatus.Cancelled, PaidAt: null, StockSettled: false }
            && session.PaymentIntentId is { } lateIntent)
        {
            ReturnPaymentForCancelledOrder(order, session, lateIntent, now);
        }

        if (order.PaidAt is not null && !order.StockSettled)
        {
            if (await SellStockAsync(checkout, order, ct))
            {
                await emails.QueueConfirmationAsync(order, ct);
                OrderOutbox.Paid(db, order, now);
            }
            else
            {
                await RefundSoldOutAsync(order, now, ct);
            }
            order.StockSettled = true;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return order;
    }

    /// <summary>A bank payment failed after the session completed: the order is cancelled and its stock goes back.</summary>
    public async Task FailAsync(CheckoutSessionState session, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var checkout = await db.LockCheckoutAsync(session.CheckoutId, ct);
        if (checkout is null) return;
        var now = clock.GetUtcNow();
        var order = await db.Orders.SingleOrDefaultAsync(o => o.CheckoutId == checkout.Id, ct);
        if (order is null && (checkout.Status == CheckoutStatus.Refused || Mismatch(checkout, session) is not null))
        {
            // A refused payment has no order to cancel; a failure that overtook its completion notice is refused here.
            if (Mismatch(checkout, session) is { } problem)
                await RefusePaymentAsync(checkout, hasOrder: false, session, problem, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return;
        }
        if (order is null)
        {
            // The failure overtook the completion notice: place the order so that its story is complete.
            order = await PlaceAsync(checkout, session, now, ct);
        }
        if (order.CannotCancel() is null)
        {
            order.Cancel("payments", "The bank payment did not go through.", now);
            OrderOutbox.Cancelled(db, order, "The bank payment did not go through.", now);
            await stock.ReleaseAsync(checkout.Id, ct);
            await db.ReleaseDiscountAsync(checkout.Id, ct);
            await emails.QueuePaymentFailedAsync(order, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The payment page expired unpaid: its stock goes back. An order already placed is left alone, and so is a checkout
    /// whose own page is another session (only its own page's expiry closes it).
    /// </summary>
    public async Task ExpireAsync(Guid checkoutId, string sessionId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var checkout = await db.LockCheckoutAsync(checkoutId, ct);
        if (checkout is null || checkout.Status != CheckoutStatus.Open || (checkout.SessionId is { } own && own != sessionId)) return;
        checkout.Status = CheckoutStatus.Expired;
        await stock.ReleaseAsync(checkout.Id, ct);
        await db.ReleaseDiscountAsync(checkout.Id, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The provider's running total of refunds for a payment; late and repeated notices change nothing. A rise that the
    /// store's own refunds do not explain (one made on the provider's dashboard) is told as <see cref="Contracts.OrderRefunded"/>
    /// here; the store's own refunds are told when they are recorded.
    /// </summary>
    public async Task ApplyRefundedAsync(string paymentIntentId, decimal refundedTotal, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var id = await db.Orders.Where(o => o.PaymentIntentId == paymentIntentId).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        if (id is null || await db.LockOrderAsync(id.Value, ct) is not { } order) return;
        var before = order.AmountRefunded;
        var now = clock.GetUtcNow();
        if (order.ApplyRefundedTotal(refundedTotal, "payments", now))
        {
            var own = await db.Refunds.Where(r => r.OrderId == order.Id && r.Status != RefundStatus.Failed)
                .Select(r => new { r.Status, r.Amount }).ToListAsync(ct);
            var explained = own.Sum(r => r.Amount);
            // A refund of the store's still on its way to the provider may be what this notice reports: it is told when recorded.
            if (own.All(r => r.Status != RefundStatus.Requested) && order.AmountRefunded > Math.Max(before, explained))
                OrderOutbox.Refunded(db, order, null, order.AmountRefunded - Math.Max(before, explained), order.AmountRefunded,
                    order.Status == OrderStatus.Refunded, [], now);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Sells the stock held for the checkout. When that hold ran out first (the payment came late), the same lines
    /// are held and sold again if the stock is still there; false when it is gone.
    /// </summary>
    private async Task<bool> SellStockAsync(CheckoutAttempt checkout, Order order, CancellationToken ct)
    {
        if (await stock.CommitAsync(checkout.Id, ct) != CommitOutcome.NotHeld)
            return true;
        var lines = order.Lines.Select(l => new StockLine(l.VariantId, l.Quantity)).ToList();
        // The order id names the second hold, so a retried call finds it instead of holding twice.
        var held = await stock.ReserveAsync(order.Id, lines, clock.GetUtcNow().AddMinutes(10), ct);
        if (!held.Succeeded)
            return false;
        return await stock.CommitAsync(order.Id, ct) != CommitOutcome.NotHeld;
    }

    /// <summary>
    /// The stock is gone: a paid order is refunded in full. Only the refund due is recorded here, under the lock; the card
    /// is refunded once this is committed (<see cref="StoreRefunds"/>).
    /// </summary>
    private async Task RefundSoldOutAsync(Order order, DateTimeOffset now, CancellationToken ct)
    {
        logger.LogWarning("Order {Order} was paid after its stock hold ended and the stock is gone; refunding it.", order.DisplayNumber);
        if (order.Total == 0)
        {
            // Nothing was paid, so there is nothing to refund.
            order.CloseUnfilled(now);
            OrderOutbox.Cancelled(db, order, "The items sold out before the order reached us. Nothing was charged.", now);
            await emails.QueueSoldOutRefundAsync(order, ct);
            return;
        }
        if (order.PaymentIntentId is null)
            throw new InvalidOperationException($"Order {order.DisplayNumber} is paid but has no payment to refund.");
        StoreRefunds.Request(db, order, order.Refundable, StoreRefundKind.SoldOut, "Sold out before the payment arrived", now);
    }

    /// <summary>Saves the new order at once: its number comes from the database and every email after this names it.</summary>
    private async Task<Order> PlaceAsync(CheckoutAttempt checkout, CheckoutSessionState session, DateTimeOffset now, CancellationToken ct)
    {
        // The address the shopper gave the store comes first; the payment page's is for a checkout without one.
        var order = Order.Place(Guid.CreateVersion7(), 0, checkout, checkout.Email ?? session.Email ?? "", session.CustomerName,
            Address(session.ShippingName ?? session.CustomerName, session.ShippingAddress),
            Address(session.CustomerName ?? session.ShippingName, session.BillingAddress), session.PaymentIntentId, now);
        checkout.Status = CheckoutStatus.Completed;
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        // Staged once the number is known; the caller's SaveChanges writes it, in this same transaction.
        OrderOutbox.Placed(db, order, now);
        return order;
    }

    private void ReturnPaymentForCancelledOrder(Order order, CheckoutSessionState session, string paymentIntentId, DateTimeOffset now)
    {
        logger.LogWarning("A payment arrived for cancelled order {Order}; refunding it.", order.DisplayNumber);
        order.PaymentIntentId ??= paymentIntentId;
        StoreRefunds.Request(db, order, session.AmountTotal, StoreRefundKind.PaidAfterCancel, "Payment arrived after the order was cancelled", now);
        // Nothing is left to settle: the stock went back when the order was cancelled.
        order.StockSettled = true;
    }

    /// <summary>Why the session cannot pay for this checkout, in words for staff; null when it matches.</summary>
    private static string? Mismatch(CheckoutAttempt checkout, CheckoutSessionState session)
    {
        var problems = new List<string>();
        if (checkout.SessionId is { } expected && expected != session.SessionId)
            problems.Add($"it came through payment session {session.SessionId}, not the one opened for this checkout ({expected})");
        if (!string.Equals(session.Currency, checkout.Currency, StringComparison.OrdinalIgnoreCase))
            problems.Add($"it was in {session.Currency}, not {checkout.Currency}");
        if (session.AmountTotal != checkout.Total)
            problems.Add($"it came to {Plain(session.AmountTotal, session.Currency)}, not {Plain(checkout.Total, checkout.Currency)}");
        if (problems.Count == 0)
            return null;
        var text = $"The payment for checkout {checkout.Id} did not match: {string.Join("; ", problems)}.";
        return text.Length <= 500 ? text : text[..499] + "…";
    }

    private static string Plain(decimal amount, string currency) => $"{SharedKernel.Money.Plain(amount)} {currency}";

    /// <summary>
    /// A payment that does not match its checkout: no order, the payment is refunded in full (once: the key is the
    /// checkout's), and staff and the payer are told once. When the checkout's own session paid the wrong amount or
    /// currency, the checkout is closed and its stock and code use go back; a payment through some other session
    /// leaves the checkout as it was, so its shopper can still pay on the real payment page.
    /// </summary>
    private async Task RefusePaymentAsync(CheckoutAttempt checkout, bool hasOrder, CheckoutSessionState session, string problem, DateTimeOffset now,
        CancellationToken ct)
    {
        if (checkout.ProblemAt is null)
        {
            logger.LogError("Refused a payment: {Problem}", problem);
            checkout.Problem = problem;
            checkout.ProblemAt = now;
            var otherSession = checkout.SessionId is { } own && own != session.SessionId;
            if (!hasOrder && !otherSession && checkout.Status != CheckoutStatus.Completed)
            {
                checkout.Status = CheckoutStatus.Refused;
                await stock.ReleaseAsync(checkout.Id, ct);
                await db.ReleaseDiscountAsync(checkout.Id, ct);
            }
            AuditTrail.Record(db, now, AuditTrail.StoreActor, AuditAreas.Orders, "payment.refused", "Checkout", checkout.Id.ToString(),
                before: new { checkout.SessionId, checkout.Total, checkout.Currency },
                after: new { session.SessionId, Total = session.AmountTotal, session.Currency, session.PaymentStatus });
            await emails.QueuePaymentRefusedAsync(session, problem, ct);
        }
        // The card is refunded once this is committed, outside the lock; a repeated notice only asks again, and the
        // refund's idempotency key (the checkout's) makes the provider answer with the same refund.
        if (session.PaymentStatus == CheckoutPaymentStatus.Paid && session.PaymentIntentId is not null && session.AmountTotal > 0
            && checkout.ProblemRefundId is null)
            db.AddEvent(new RefusedPaymentRefundDue(checkout.Id, session), now);
    }

    private static OrderAddress? Address(string? name, PostalAddress? address) =>
        address is { } a ? new OrderAddress(name ?? "", a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country) : null;
}
