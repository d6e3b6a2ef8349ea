using FibroStore.SiteServices.Contracts;
using FibroStore.Catalog.Contracts;
using FibroStore.Ordering.Checkout;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.Payments.Contracts;
using FibroStore.Subscribers.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// Turns what the payment provider says about a checkout into an order, exactly once. Webhooks (in any order,
/// any number of times) and the return page all come here; each call locks the checkout row first, so callers
/// queue up and each step — placing the order, taking payment, selling the stock, emailing — happens once.
/// </summary>
internal sealed class OrderFulfillment(
    OrderingDbContext db,
    ICatalogStock stock,
    IPaymentGateway payments,
    INewsletterMembership newsletter,
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
            await ReturnPaymentForCancelledOrderAsync(order, session, lateIntent, now, ct);
        }

        var inviteToNewsletter = false;
        if (order.PaidAt is not null && !order.StockSettled)
        {
            if (await SellStockAsync(checkout, order, ct))
            {
                await emails.QueueConfirmationAsync(order, ct);
                inviteToNewsletter = order.JoinNewsletter;
            }
            else
            {
                await RefundSoldOutAsync(order, now, ct);
            }
            order.StockSettled = true;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        if (inviteToNewsletter)
        {
            // A signed-in shopper's receipt goes to the account's address, which the account already proved (sign-in
            // needs a confirmed address); a guest's typed address is asked to confirm first.
            if (order.CustomerId is not null)
                await newsletter.JoinConfirmedAsync(order.Email, FirstName(order.CustomerName), ct);
            else
                await newsletter.InviteAsync(order.Email, FirstName(order.CustomerName), "checkout", ct);
        }
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

    /// <summary>The provider's running total of refunds for a payment; late and repeated notices change nothing.</summary>
    public async Task ApplyRefundedAsync(string paymentIntentId, decimal refundedTotal, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var id = await db.Orders.Where(o => o.PaymentIntentId == paymentIntentId).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        if (id is null || await db.LockOrderAsync(id.Value, ct) is not { } order) return;
        if (order.ApplyRefundedTotal(refundedTotal, "payments", clock.GetUtcNow()))
            await db.SaveChangesAsync(ct);
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

    private async Task RefundSoldOutAsync(Order order, DateTimeOffset now, CancellationToken ct)
    {
        logger.LogWarning("Order {Order} was paid after its stock hold ended and the stock is gone; refunding it.", order.DisplayNumber);
        if (order.Total == 0)
        {
            // Nothing was paid, so there is nothing to refund.
            order.CloseUnfilled(now);
            await emails.QueueSoldOutRefundAsync(order, ct);
            return;
        }
        if (order.PaymentIntentId is null)
            throw new InvalidOperationException($"Order {order.DisplayNumber} is paid but has no payment to refund.");
        var amount = order.Refundable;
        var refund = await payments.RefundAsync(order.PaymentIntentId, amount, order.Currency, $"sold-out-{order.Id:N}", ct);
        db.Refunds.Add(new OrderRefund
        {
            Id = Guid.CreateVersion7(), OrderId = order.Id, Amount = amount, Restock = false, Reason = "Sold out before the payment arrived",
            ActorId = "store", Status = RefundStatus.Succeeded, ProviderRefundId = refund.RefundId, CreatedAt = now,
        });
        order.ApplyRefundedTotal(order.Total, "store: sold out before the payment arrived", now);
        await emails.QueueSoldOutRefundAsync(order, ct);
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
        return order;
    }

    private async Task ReturnPaymentForCancelledOrderAsync(Order order, CheckoutSessionState session, string paymentIntentId, DateTimeOffset now, CancellationToken ct)
    {
        logger.LogWarning("A payment arrived for cancelled order {Order}; refunding it.", order.DisplayNumber);
        var refund = await payments.RefundAsync(paymentIntentId, session.AmountTotal, session.Currency, $"cancelled-{order.Id:N}", ct);
        db.Refunds.Add(new OrderRefund
        {
            Id = Guid.CreateVersion7(), OrderId = order.Id, Amount = session.AmountTotal, Restock = false,
            Reason = "Payment arrived after the order was cancelled", ActorId = "store", Status = RefundStatus.Succeeded,
            ProviderRefundId = refund.RefundId, CreatedAt = now,
        });
        order.RecordPaymentReturned(paymentIntentId, now);
        // Nothing is left to settle: the stock went back when the order was cancelled.
        order.StockSettled = true;
        await emails.QueueRefundAsync(order, session.AmountTotal, ct);
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
            await emails.QueuePaymentRefusedAsync(checkout, session, problem, ct);
        }
        if (session.PaymentStatus == CheckoutPaymentStatus.Paid && session.PaymentIntentId is { } intent && session.AmountTotal > 0
            && checkout.ProblemRefundId is null)
        {
            var refund = await payments.RefundAsync(intent, session.AmountTotal, session.Currency, $"mismatch-{checkout.Id:N}", ct);
            checkout.ProblemRefundId = refund.RefundId;
            await emails.QueueRefusedPaymentReturnedAsync(checkout, session, ct);
        }
    }

    private static OrderAddress? Address(string? name, PostalAddress? address) =>
        address is { } a ? new OrderAddress(name ?? "", a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country) : null;

    private static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];
}
