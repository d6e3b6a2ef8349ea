using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace FibroStore.Catalog;

/// <summary>The store's one currency (config `Store:Currency`, an ISO 4217 code).</summary>
internal sealed class CatalogOptions
{
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Store:Currency must be a three-letter ISO code such as USD.")]
    public string Currency { get; set; } = "USD";
}

internal static class Money
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["USD"] = "$", ["CAD"] = "CA$", ["AUD"] = "A$", ["NZD"] = "NZ$", ["EUR"] = "€", ["GBP"] = "£",
    };

    /// <summary>"$12.50" for currencies with a well-known symbol, "12.50 CHF" otherwise.</summary>
    public static string Format(decimal amount, string currency) =>
        Symbols.TryGetValue(currency, out var symbol)
            ? symbol + amount.ToString("#,##0.00", CultureInfo.InvariantCulture)
            : amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>The amount as schema.org and CSV write it: no grouping, a dot, two decimals.</summary>
    public static string Plain(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
