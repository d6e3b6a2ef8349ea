using FibroStore.Catalog.Contracts;
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
        if (order is null)
        {
            if (session.Status != CheckoutSessionStatus.Complete)
                return null;
            order = await PlaceAsync(checkout, session, now, ct);
            checkout.SessionId ??= session.SessionId;
            // The cart has become this order; what was in it is not for sale to the same person twice.
            await db.CartLines.Where(l => l.CartId == checkout.CartId).ExecuteDeleteAsync(ct);
        }

        if (session.PaymentStatus == CheckoutPaymentStatus.Paid && order.MarkPaid(session.PaymentIntentId, now) && order.DiscountCodeId is { } codeId)
            await db.DiscountCodes.Where(d => d.Id == codeId).ExecuteUpdateAsync(s => s.SetProperty(d => d.TimesUsed, d => d.TimesUsed + 1), ct);

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
        if (order is null)
        {
            // The failure overtook the completion notice: place the order so that its story is complete.
            order = await PlaceAsync(checkout, session, now, ct);
        }
        if (order.CannotCancel() is null)
        {
            order.Cancel("payments", "The bank payment did not go through.", now);
            await stock.ReleaseAsync(checkout.Id, ct);
            await emails.QueuePaymentFailedAsync(order, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The payment page expired unpaid: its stock goes back. An order already placed is left alone.</summary>
    public async Task ExpireAsync(Guid checkoutId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var checkout = await db.LockCheckoutAsync(checkoutId, ct);
        if (checkout is null || checkout.Status != CheckoutStatus.Open) return;
        checkout.Status = CheckoutStatus.Expired;
        await stock.ReleaseAsync(checkout.Id, ct);
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

    private static OrderAddress? Address(string? name, PostalAddress? address) =>
        address is { } a ? new OrderAddress(name ?? "", a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country) : null;

    private static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];
}
