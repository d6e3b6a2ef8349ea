namespace FibroStore.StripeEmulator.Account;

/// <summary>What the card network answers for a test card, as Stripe's testing documentation lists it.</summary>
internal sealed record CardVerdict(string Brand, string Funding, string? Code = null, string? DeclineCode = null, string? Message = null)
{
    public bool Approved => Code is null;
}

internal static class CardNetwork
{
    public static CardVerdict Authorize(string digits) => digits switch
    {
        TestCards.Succeeds => new("visa", "credit"),
        "4000056655665556" => new("visa", "debit"),
        "5555555555554444" => new("mastercard", "credit"),
        "378282246310005" => new("amex", "credit"),
        TestCards.Declined => new("visa", "credit", "card_declined", "generic_decline", "Your card was declined."),
        TestCards.InsufficientFunds => new("visa", "credit", "card_declined", "insufficient_funds", "Your card has insufficient funds."),
        TestCards.ExpiredCard => new("visa", "credit", "expired_card", "expired_card", "Your card has expired."),
        TestCards.IncorrectCvc => new("visa", "credit", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
        _ => new(Brand(digits), "credit", "card_declined", "test_mode_live_card",
            "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing."),
    };

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static string Brand(string digits) => digits[0] switch
    {
        '4' => "visa",
        '5' or '2' => "mastercard",
        '3' => "amex",
        _ => "unknown",
    };
}
