using System.Text;
using System.Text.Encodings.Web;
using FibroStore.StripeEmulator.Account;

namespace FibroStore.StripeEmulator.PaymentPage;

/// <summary>
/// The hosted payment page, written out by hand: plain HTML that works without JavaScript, with no inline script or
/// style, since the store's Content-Security-Policy allows neither.
/// </summary>
internal static class PaymentPageHtml
{
    private const string Title = "Stripe test payment page (local emulator)";

    public static string Form(CheckoutView view, PaymentForm? entered, IReadOnlyDictionary<string, string> errors)
    {
        var html = new StringBuilder();
        Open(html, $"Pay {Money.Format(view.Total, view.Currency)}");
        html.Append("<h1>Pay ").Append(E(Money.Format(view.Total, view.Currency))).Append("</h1>");
        Summary(html, view);

        html.Append("<form method=\"post\" action=\"/stripe-emulator/pay/").Append(E(view.SessionId)).Append("\" novalidate>");
        html.Append("<div id=\"form-errors\" role=\"alert\" class=\"errors\">");
        if (errors.Count > 0)
        {
            html.Append("<h2>").Append(errors.Count == 1 ? "There is a problem" : "There are problems").Append("</h2><ul>");
            foreach (var (field, message) in errors)
                html.Append("<li id=\"error-").Append(E(field)).Append("\"><a href=\"#").Append(E(field)).Append("\">")
                    .Append(E(message)).Append("</a></li>");
            html.Append("</ul>");
        }
        html.Append("</div>");

        html.Append("<fieldset><legend>Contact</legend>");
        Input(html, errors, "email", "Email", "email", "email", entered?.Email ?? view.CustomerEmail);
        Input(html, errors, "name", "Full name", "text", "name", entered?.Name);
        html.Append("</fieldset>");

        if (view.Total > 0)
        {
            var bank = entered?.BankTransfer == true;
            html.Append("<fieldset><legend>How would you like to pay?</legend>");
            Radio(html, "method", "method-card", "card", "Card", !bank);
            Radio(html, "method", "method-bank", "bank_transfer", "Bank transfer (settles later; emulator only)", bank);
            html.Append("</fieldset>");

            html.Append("<fieldset><legend>Card details</legend>");
            html.Append("<p class=\"hint\" id=\"card_number-hint\">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; ")
                .Append("4000 0000 0000 9995 has insufficient funds. Any future expiry date and any 3 digits for the CVC. ")
                .Append("Leave these empty when paying by bank transfer.</p>");
            Input(html, errors, "card_number", "Card number", "text", "cc-number", entered?.CardNumber, "numeric", "card_number-hint");
            Input(html, errors, "expiry", "Expiry date (MM / YY)", "text", "cc-exp", entered?.Expiry, "numeric");
            Input(html, errors, "cvc", "Security code (CVC)", "text", "cc-csc", entered?.Cvc, "numeric");
            html.Append("</fieldset>");
        }
        else
        {
            html.Append("<p>There is nothing to pay, so no card is needed.</p>");
        }

        if (view.AllowedCountries.Count > 0 || view.RequiresBillingAddress)
        {
            // With nothing to ship, the address is a billing address, which may be in any country.
            var shipping = view.AllowedCountries.Count > 0;
            html.Append("<fieldset><legend>").Append(shipping ? "Shipping address" : "Billing address").Append("</legend>");
            Input(html, errors, "line1", "Address line 1", "text", "address-line1", entered?.Line1);
            Input(html, errors, "line2", "Address line 2 (optional)", "text", "address-line2", entered?.Line2);
            Input(html, errors, "city", "Town or city", "text", "address-level2", entered?.City);
            Input(html, errors, "state", "State, county or region (optional)", "text", "address-level1", entered?.State);
            Input(html, errors, "postal_code", "Postal code", "text", "postal-code", entered?.PostalCode);
            CountrySelect(html, errors, shipping ? view.AllowedCountries : Countries.All, entered?.Country);
            html.Append("</fieldset>");
        }

        if (view.ShippingOptions.Count > 1)
        {
            html.Append("<fieldset><legend>Shipping method</legend>");
            var chosen = entered?.ShippingRateId ?? view.ShippingRateId;
            foreach (var option in view.ShippingOptions)
                Radio(html, "shipping_rate", "shipping-" + option.Id, option.Id,
                    $"{option.Name}: {Money.Format(option.Amount, view.Currency)}", option.Id == chosen);
            html.Append("</fieldset>");
        }

        if (view.Total > 0)
            html.Append("<button type=\"submit\">Pay ").Append(E(Money.Format(view.Total, view.Currency))).Append("</button></form>");
        else
            html.Append("<button type=\"submit\">Complete order</button></form>");
        if (view.CancelUrl is not null)
            html.Append("<p><a href=\"").Append(E(view.CancelUrl)).Append("\">Back to the store (cancel payment)</a></p>");
        return Close(html);
    }

    public static string Message(string heading, string text, string? settleSessionId = null)
    {
        var html = new StringBuilder();
        Open(html, heading);
        html.Append("<h1>").Append(E(heading)).Append("</h1><p>").Append(E(text)).Append("</p>");
        if (settleSessionId is not null)
        {
            html.Append("<form method=\"post\" action=\"/stripe-emulator/pay/").Append(E(settleSessionId)).Append("/settle\">")
                .Append("<p>Emulator only: decide what the bank does.</p>")
                .Append("<button type=\"submit\" name=\"outcome\" value=\"succeeded\">The transfer arrives</button> ")
                .Append("<button type=\"submit\" name=\"outcome\" value=\"failed\" class=\"secondary\">The transfer fails</button></form>");
        }
        return Close(html);
    }

    private static void Open(StringBuilder html, string title)
    {
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(title)).Append(" · ").Append(Title).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/stripe-emulator/assets/checkout.css\"></head><body>")
            .Append("<header class=\"banner\"><p><strong>").Append(Title).Append("</strong></p>")
            .Append("<p>This page stands in for Stripe Checkout on this computer. No money moves and no card is charged.</p></header>")
            .Append("<main>");
    }

    private static string Close(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static void Summary(StringBuilder html, CheckoutView view)
    {
        html.Append("<section aria-labelledby=\"summary-heading\"><h2 id=\"summary-heading\">Order summary</h2><table>")
            .Append("<thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"number\">Quantity</th><th scope=\"col\" class=\"number\">Amount</th></tr></thead><tbody>");
        foreach (var line in view.Lines)
            html.Append("<tr><td>").Append(E(line.Name)).Append("</td><td class=\"number\">").Append(line.Quantity)
                .Append("</td><td class=\"number\">").Append(E(Money.Format(line.Amount, view.Currency))).Append("</td></tr>");
        html.Append("</tbody><tfoot>");
        Row(html, "Subtotal", Money.Format(view.Subtotal, view.Currency));
        if (view.Discount > 0)
            Row(html, $"Discount ({view.CouponName})", "−" + Money.Format(view.Discount, view.Currency));
        if (view.ShippingOptions.Count > 0)
        {
            var shipping = view.ShippingOptions.FirstOrDefault(o => o.Id == view.ShippingRateId);
            Row(html, $"Shipping ({shipping.Name})", Money.Format(view.Shipping, view.Currency));
        }
        Row(html, "Total", Money.Format(view.Total, view.Currency));
        html.Append("</tfoot></table></section>");
    }

    private static void Row(StringBuilder html, string label, string amount) =>
        html.Append("<tr><th scope=\"row\" colspan=\"2\">").Append(E(label)).Append("</th><td class=\"number\">")
            .Append(E(amount)).Append("</td></tr>");

    private static void Input(StringBuilder html, IReadOnlyDictionary<string, string> errors, string name, string label,
        string type, string autocomplete, string? value, string? inputMode = null, string? hintId = null)
    {
        var describedBy = string.Join(' ', new[] { hintId, errors.ContainsKey(name) ? "error-" + name : null }.OfType<string>());
        html.Append("<div class=\"field\"><label for=\"").Append(name).Append("\">").Append(E(label)).Append("</label>");
        if (errors.TryGetValue(name, out var error))
            html.Append("<p class=\"field-error\" aria-hidden=\"true\">").Append(E(error)).Append("</p>");
        html.Append("<input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append('"');
        if (inputMode is not null)
            html.Append(" inputmode=\"").Append(inputMode).Append('"');
        if (value is not null)
            html.Append(" value=\"").Append(E(value)).Append('"');
        if (describedBy.Length > 0)
            html.Append(" aria-describedby=\"").Append(describedBy).Append('"');
        if (errors.ContainsKey(name))
            html.Append(" aria-invalid=\"true\"");
        html.Append("></div>");
    }

    private static void Radio(StringBuilder html, string name, string id, string value, string label, bool isChecked)
    {
        html.Append("<div class=\"choice\"><input type=\"radio\" id=\"").Append(E(id)).Append("\" name=\"").Append(name)
            .Append("\" value=\"").Append(E(value)).Append('"').Append(isChecked ? " checked" : "").Append('>')
            .Append("<label for=\"").Append(E(id)).Append("\">").Append(E(label)).Append("</label></div>");
    }

    private static void CountrySelect(StringBuilder html, IReadOnlyDictionary<string, string> errors, IReadOnlyList<string> countries, string? chosen)
    {
        html.Append("<div class=\"field\"><label for=\"country\">Country</label>");
        if (errors.TryGetValue("country", out var error))
            html.Append("<p class=\"field-error\" aria-hidden=\"true\">").Append(E(error)).Append("</p>");
        html.Append("<select id=\"country\" name=\"country\" autocomplete=\"country\"")
            .Append(errors.ContainsKey("country") ? " aria-invalid=\"true\" aria-describedby=\"error-country\"" : "").Append('>');
        foreach (var code in countries)
        {
            var name = Countries.Name(code);
            html.Append("<option value=\"").Append(E(code)).Append('"').Append(code == chosen ? " selected" : "").Append('>')
                .Append(E(name)).Append("</option>");
        }
        html.Append("</select></div>");
    }

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
