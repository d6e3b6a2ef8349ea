using System.Text;
using System.Text.Encodings.Web;
using FibroStore.BackOffice.Contracts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.SharedKernel;
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
        var mail = new Mail(settings.StoreName);
        mail.Paragraph($"Thank you for your order. We have received your payment and will let you know as soon as it is on its way.");
        mail.Lines(order);
        mail.Totals(order);
        if (order.ShippingAddress is { } a)
            mail.Paragraph("We will send it to: " + string.Join(", ", new[] { a.Name, a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country }.Where(p => !string.IsNullOrWhiteSpace(p))));
        mail.Action("See your order", order.CustomerId is null ? links.GuestLink(order) : links.Absolute(links.Path(order)));
        mail.Paragraph($"Questions? Reply to this email or write to {settings.ContactEmail}. {settings.PostalAddress}");
        Queue(order, $"Your order {order.DisplayNumber} is confirmed", mail);
    }

    public async Task QueueShippedAsync(Order order, string? trackingUrl, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new Mail(settings.StoreName);
        mail.Paragraph($"Good news: your order {order.DisplayNumber} is on its way with {order.Carrier}.");
        mail.Paragraph($"Tracking number: {order.TrackingNumber}");
        if (trackingUrl is not null)
            mail.Action($"Track it on the {order.Carrier} website", trackingUrl);
        mail.Lines(order);
        mail.Action("See your order", order.CustomerId is null ? links.GuestLink(order) : links.Absolute(links.Path(order)));
        Queue(order, $"Your order {order.DisplayNumber} is on its way", mail);
    }

    public async Task QueueRefundAsync(Order order, decimal amount, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new Mail(settings.StoreName);
        mail.Paragraph($"We have refunded {Money.Format(amount, order.Currency)} for your order {order.DisplayNumber} to the card you paid with.");
        mail.Paragraph("Banks usually take 5 to 10 working days to show a refund on your statement.");
        mail.Paragraph($"Questions? Reply to this email or write to {settings.ContactEmail}.");
        Queue(order, $"Refund for your order {order.DisplayNumber}", mail);
    }

    public async Task QueueSoldOutRefundAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new Mail(settings.StoreName);
        mail.Paragraph($"We are sorry. Your payment for order {order.DisplayNumber} reached us after the time we could hold the items for you, and in the meantime they sold out.");
        mail.Paragraph($"We have refunded the full {Money.Format(order.Total, order.Currency)} to the card you paid with. Banks usually take 5 to 10 working days to show it.");
        mail.Lines(order);
        mail.Paragraph($"If you would like us to tell you when they are back, reply to this email or write to {settings.ContactEmail}.");
        Queue(order, $"Your order {order.DisplayNumber} could not be filled and was refunded", mail);
    }

    public async Task QueuePaymentFailedAsync(Order order, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new Mail(settings.StoreName);
        mail.Paragraph($"Your bank payment for order {order.DisplayNumber} did not go through, so the order is cancelled and nothing was taken.");
        mail.Paragraph("You are welcome to order again whenever you like.");
        Queue(order, $"Your order {order.DisplayNumber} was cancelled", mail);
    }

    private void Queue(Order order, string subject, Mail mail)
    {
        mail.Paragraph($"With warm wishes, the {mail.StoreName} team");
        db.QueueEmail(new EmailMessage(order.Email, subject, mail.Html.ToString(), mail.Text.ToString().TrimEnd() + "\n") { ToName = order.CustomerName },
            clock.GetUtcNow());
    }

    private sealed class Mail(string storeName)
    {
        public string StoreName => storeName;
        public StringBuilder Html { get; } = new();
        public StringBuilder Text { get; } = new();

        public void Paragraph(string value)
        {
            Html.Append("<p>").Append(HtmlEncoder.Default.Encode(value)).Append("</p>\n");
            Text.Append(value).Append("\n\n");
        }

        public void Action(string label, string url)
        {
            var href = HtmlEncoder.Default.Encode(url);
            Html.Append("<p><a href=\"").Append(href).Append("\">").Append(HtmlEncoder.Default.Encode(label)).Append("</a></p>\n");
            Text.Append(label).Append(":\n").Append(url).Append("\n\n");
        }

        public void Lines(Order order)
        {
            Html.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
            foreach (var line in order.Lines.OrderBy(l => l.Position))
            {
                var name = string.IsNullOrEmpty(line.VariantName) || line.VariantName == line.ProductName ? line.ProductName : $"{line.ProductName} ({line.VariantName})";
                var price = Money.Format(line.LineTotal, order.Currency);
                Html.Append("<tr><td>").Append(line.Quantity).Append(" × ").Append(HtmlEncoder.Default.Encode(name))
                    .Append("</td><td align=\"right\">").Append(HtmlEncoder.Default.Encode(price)).Append("</td></tr>\n");
                Text.Append(line.Quantity).Append(" x ").Append(name).Append(" - ").Append(price).Append('\n');
            }
            Html.Append("</table>\n");
            Text.Append('\n');
        }

        public void Totals(Order order)
        {
            var rows = new List<(string, string)> { ("Subtotal", Money.Format(order.Subtotal, order.Currency)) };
            if (order.Discount > 0) rows.Add(($"Discount ({order.DiscountCode})", "-" + Money.Format(order.Discount, order.Currency)));
            rows.Add(($"Shipping ({order.ShippingMethod})", Money.Format(order.Shipping, order.Currency)));
            rows.Add(("Total", Money.Format(order.Total, order.Currency)));
            if (order.Tax > 0) rows.Add(($"Includes {order.TaxName} at {order.TaxRatePercent:0.##}%", Money.Format(order.Tax, order.Currency)));
            Html.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
            foreach (var (label, value) in rows)
            {
                Html.Append("<tr><td>").Append(HtmlEncoder.Default.Encode(label)).Append("</td><td align=\"right\">")
                    .Append(HtmlEncoder.Default.Encode(value)).Append("</td></tr>\n");
                Text.Append(label).Append(": ").Append(value).Append('\n');
            }
            Html.Append("</table>\n");
            Text.Append('\n');
        }
    }
}
