using System.Globalization;

namespace FibroStore.SharedKernel;

/// <summary>The store's one currency, formatted the same way on every page and in every email.</summary>
public static class Money
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["USD"] = "$", ["CAD"] = "CA$", ["AUD"] = "A$", ["NZD"] = "NZ$", ["EUR"] = "€", ["GBP"] = "£",
    };

    // ISO 4217 currencies without minor units, as payment providers count them.
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    /// <summary>"$12.50" for currencies with a well-known symbol, "12.50 CHF" otherwise.</summary>
    public static string Format(decimal amount, string currency) =>
        Symbols.TryGetValue(currency, out var symbol)
            ? (amount < 0 ? "-" : "") + symbol + Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture)
            : amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>The amount as schema.org and CSV write it: no grouping, a dot, two decimals.</summary>
    public static string Plain(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Whole cents (or yen): what payment APIs take.</summary>
    public static long ToMinorUnits(decimal amount, string currency) =>
        (long)Math.Round(ZeroDecimal.Contains(currency.ToUpperInvariant()) ? amount : amount * 100m, MidpointRounding.AwayFromZero);

    public static decimal FromMinorUnits(long amount, string currency) =>
        ZeroDecimal.Contains(currency.ToUpperInvariant()) ? amount : amount / 100m;
}
