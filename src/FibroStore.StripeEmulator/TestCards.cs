namespace FibroStore.StripeEmulator;

/// <summary>Stripe's documented test card numbers that the emulator knows.</summary>
public static class TestCards
{
    public const string Succeeds = "4242424242424242";
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string ExpiredCard = "4000000000000069";
    public const string IncorrectCvc = "4000000000000127";
}
