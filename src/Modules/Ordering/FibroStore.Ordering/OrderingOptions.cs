using System.ComponentModel.DataAnnotations;

namespace FibroStore.Ordering;

internal sealed class OrderingOptions
{
    public const string Section = "Checkout";

    /// <summary>The store's one currency: `Store:Currency`.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>How long a payment page stays open and its stock held. Stripe allows 30 minutes to 24 hours.</summary>
    [Range(30, 1440)]
    public int SessionMinutes { get; set; } = 30;

    /// <summary>Countries the payment page lets shoppers ship to (ISO 3166 codes).</summary>
    public string[] ShippingCountries { get; set; } = ["GB", "IE", "US", "CA", "AU", "NZ", "FR", "DE", "NL", "ES", "IT"];
}
