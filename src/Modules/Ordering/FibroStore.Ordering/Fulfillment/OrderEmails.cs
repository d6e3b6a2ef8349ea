using FibroStore.Payments.Contracts;
using FibroStore.SharedKernel.Email;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// The emails about an order: plain, short, the order number in every subject, HTML and text alike. Each is
/// staged in Ordering's outbox by the caller's SaveChanges, so it goes out if and only if the change it reports is saved.
/// </summary>
internal sealed class OrderEmails(OrderingDbContext db, ISiteSettings siteSettings, OrderLinks links, TimeProvider clock)
{
    public async Task QueueConfirmationAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph("Thank you for your order. We have received your payment and will let you know as soon as it is on its way.")
            .Rows(Lines(order))
            .Rows(Totals(order));
        if (order.ShippingAddress is { } delivery)
            mail.Paragraph("We will send it to: " + string.Join(", ", delivery.Parts));
        if (order.BillingAddress is { } billing)
            mail.Paragraph("Billing address: " + (order.BillingSameAsDelivery ? "same as the delivery address" : string.Join(", ", billing.Parts)));
        mail.Action("See your order", OrderLink(order))
            .Paragraph($"Questions? Reply to this email or write to {settings.ContactEmail}. {settings.PostalAddress}");
        Queue(order, $"Your order {order.DisplayNumber} is confirmed", mail, settings);
    }

    public async Task QueueShippedAsync(Order order, string? trackingUrl, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph($"Good news: your order {order.DisplayNumber} is on its way with {order.Carrier}.")
            .Paragraph($"Tracking number: {order.TrackingNumber}");
        if (trackingUrl is not null)
            mail.Action($"Track it on the {order.Carrier} website", trackingUrl);
        mail.Rows(Lines(order)).Action("See your order", OrderLink(order));
        Queue(order, $"Your order {order.DisplayNumber} is on its way", mail, settings);
    }

    public async Task QueueRefundAsync(Order order, decimal amount, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph($"We have refunded {Money.Format(amount, order.Currency)} for your order {order.DisplayNumber} to the card you paid with.")
            .Paragraph("Banks usually take 5 to 10 working days to show a refund on your statement.")
            .Paragraph($"Questions? Reply to this email or write to {settings.ContactEmail}.");
        Queue(order, $"Refund for your order {order.DisplayNumber}", mail, settings);
    }

    public async Task QueueSoldOutRefundAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var nothingPaid = order.Total == 0;
        var mail = new EmailComposer()
            .Paragraph($"We are sorry. Your order {order.DisplayNumber} reached us after the time we could hold the items for you, and in the meantime they sold out.")
            .Paragraph(nothingPaid
                ? "Nothing was charged, so there is nothing to refund."
                : $"We have refunded the full {Money.Format(order.Total, order.Currency)} to the card you paid with. Banks usually take 5 to 10 working days to show it.")
            .Rows(Lines(order))
            .Paragraph($"If you would like us to tell you when they are back, reply to this email or write to {settings.ContactEmail}.");
        Queue(order, nothingPaid ? $"Your order {order.DisplayNumber} could not be filled" : $"Your order {order.DisplayNumber} could not be filled and was refunded", mail, settings);
    }

    /// <summary>A fresh signed link for a guest whose old one expired (or the order page, for an account's order).</summary>
    public async Task QueueFreshLinkAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph($"You asked for a new link to your order {order.DisplayNumber}. Here it is.")
            .Action("See your order", OrderLink(order))
            .Paragraph("If you did not ask for this, you can ignore this email: nobody else can use the link unless they can read your email.");
        Queue(order, $"A new link to your order {order.DisplayNumber}", mail, settings);
    }

    /// <summary>Tells staff, at the store's contact address, that a payment was refused because it did not match its checkout.</summary>
    public async Task QueuePaymentRefusedAsync(CheckoutSessionState session, string problem, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph("The store refused a payment because it did not match what the store had priced. No order was placed.")
            .Paragraph(problem)
            .Paragraph(session.PaymentStatus == CheckoutPaymentStatus.Paid
                ? "The payment is being refunded in full automatically."
                : "No money had arrived yet; if it does, it will be refunded in full automatically.")
            .Action("See payment problems", links.Absolute("/staff/orders/checkouts"))
            .Paragraph("This is worth a look: it can mean a fault in the store or someone tampering with payments.");
        db.QueueEmail(mail.ToMessage(settings.ContactEmail, "A payment was refused: it did not match its checkout", null), clock.GetUtcNow());
    }

    /// <summary>Tells the payer that the refused payment went back to them.</summary>
    public async Task QueueRefusedPaymentReturnedAsync(CheckoutAttempt checkout, CheckoutSessionState session, CancellationToken ct)
    {
        var to = checkout.Email ?? session.Email;
        if (string.IsNullOrWhiteSpace(to))
            return;
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph("We are sorry. Something went wrong with your payment on our side, so we could not accept it and no order was placed.")
            .Paragraph($"We have refunded the full {Money.Format(session.AmountTotal, session.Currency)} to the card you paid with. Banks usually take 5 to 10 working days to show it.")
            .Paragraph($"Your cart is still in the shop if you would like to try again. Questions? Reply to this email or write to {settings.ContactEmail}.")
            .Paragraph($"With warm wishes, the {settings.StoreName} team");
        db.QueueEmail(mail.ToMessage(to, "Your payment was refunded", null), clock.GetUtcNow());
    }

    public async Task QueuePaymentFailedAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer()
            .Paragraph($"Your bank payment for order {order.DisplayNumber} did not go through, so the order is cancelled and nothing was taken.")
            .Paragraph("You are welcome to order again whenever you like.");
        Queue(order, $"Your order {order.DisplayNumber} was cancelled", mail, settings);
    }

    private string OrderLink(Order order) => order.CustomerId is null ? links.GuestLink(order) : links.Absolute(OrderLinks.Path(order));

    private void Queue(Order order, string subject, EmailComposer mail, SiteSettings settings)
    {
        // The buyer deleted their account and with it the order's address: there is nobody to write to.
        if (string.IsNullOrEmpty(order.Email)) return;
        mail.Paragraph($"With warm wishes, the {settings.StoreName} team");
        db.QueueEmail(mail.ToMessage(order.Email, subject, order.CustomerName), clock.GetUtcNow());
    }

    private static IEnumerable<(string, string)> Lines(Order order) =>
        order.Lines.OrderBy(l => l.Position).Select(line => ($"{line.Quantity} × {line.DisplayName}", Money.Format(line.LineTotal, order.Currency)));

    private static IEnumerable<(string, string)> Totals(Order order)
    {
        yield return ("Subtotal", Money.Format(order.Subtotal, order.Currency));
        if (order.Discount > 0) yield return ($"Discount ({order.DiscountCode})", "-" + Money.Format(order.Discount, order.Currency));
        yield return ($"Shipping ({order.ShippingMethod})", Money.Format(order.Shipping, order.Currency));
        yield return ("Total", Money.Format(order.Total, order.Currency));
        if (order.Tax > 0) yield return ($"Includes {order.TaxName} at {order.TaxRatePercent:0.##}%", Money.Format(order.Tax, order.Currency));
    }
}
