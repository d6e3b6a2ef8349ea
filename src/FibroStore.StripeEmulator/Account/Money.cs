using System.Globalization;

namespace FibroStore.StripeEmulator.Account;

/// <summary>Stripe amounts are integers in the currency's smallest unit; a few currencies have no minor unit.</summary>
internal static class Money
{
    private static readonly HashSet<string> ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    public static string Format(long amount, string currency)
    {
        var major = ZeroDecimal.Contains(currency) ? amount : amount / 100m;
        var number = major.ToString(ZeroDecimal.Contains(currency) ? "N0" : "N2", CultureInfo.InvariantCulture);
        return currency switch
        {
            "usd" => "$" + number,
            "eur" => "€" + number,
            "gbp" => "£" + number,
            _ => number + " " + currency.ToUpperInvariant(),
        };
    }

    /// <summary>Stripe's smallest chargeable amount (50 cents in most currencies).</summary>
    public static long Minimum(string currency) => currency switch
    {
        "gbp" => 30,
        "jpy" => 50,
        "hkd" => 400,
        "mxn" => 1000,
        _ => ZeroDecimal.Contains(currency) ? 1 : 50,
    };
}
