using System.Globalization;
using System.Net.Mail;

namespace FibroStore.StripeEmulator.Account;

/// <summary>What the buyer typed on the hosted payment page; field names are the form's input names.</summary>
internal sealed record PaymentForm(
    string Email, string CardNumber, string Expiry, string Cvc, string Name,
    string Line1, string Line2, string City, string State, string PostalCode, string Country,
    string? ShippingRateId, bool BankTransfer)
{
    public string CardDigits => new(CardNumber.Where(char.IsAsciiDigit).ToArray());

    public (int Month, int Year)? ParsedExpiry
    {
        get
        {
            var parts = Expiry.Split(['/', ' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || month is < 1 or > 12)
                return null;
            return (month, year < 100 ? 2000 + year : year);
        }
    }

    /// <summary>The messages Stripe's own payment form shows, keyed by the field they belong to.</summary>
    public Dictionary<string, string> Validate(IReadOnlyList<string> allowedCountries, bool requiresBillingAddress, DateTimeOffset now, bool cardNeeded = true)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!MailAddress.TryCreate(Email.Trim(), out var address) || !address.Host.Contains('.', StringComparison.Ordinal))
            errors["email"] = "Your email address is incomplete or invalid.";
        if (string.IsNullOrWhiteSpace(Name))
            errors["name"] = "Enter your full name.";
        if (cardNeeded && !BankTransfer)
            ValidateCard(errors, now);
        if (allowedCountries.Count > 0 || requiresBillingAddress)
        {
            if (string.IsNullOrWhiteSpace(Line1))
                errors["line1"] = "Enter the first line of your address.";
            if (string.IsNullOrWhiteSpace(City))
                errors["city"] = "Enter your town or city.";
            if (string.IsNullOrWhiteSpace(PostalCode))
                errors["postal_code"] = "Enter your postal code.";
            if (allowedCountries.Count > 0 && !allowedCountries.Contains(Country))
                errors["country"] = "We cannot ship to this country. Choose one from the list.";
            else if (allowedCountries.Count == 0 && !Countries.All.Contains(Country))
                errors["country"] = "Choose your country from the list.";
        }
        return errors;
    }

    private void ValidateCard(Dictionary<string, string> errors, DateTimeOffset now)
    {
        var digits = CardDigits;
        if (digits.Length < 13)
            errors["card_number"] = "Your card number is incomplete.";
        else if (digits.Length > 19 || !CardNetwork.PassesLuhn(digits))
            errors["card_number"] = "Your card number is invalid.";

        if (ParsedExpiry is not { } expiry)
            errors["expiry"] = "Your card's expiration date is incomplete.";
        else if (expiry.Year < now.Year || (expiry.Year == now.Year && expiry.Month < now.Month))
            errors["expiry"] = "Your card's expiration date is in the past.";

        var cvc = Cvc.Trim();
        if (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit))
            errors["cvc"] = "Your card's security code is incomplete.";
    }
}
