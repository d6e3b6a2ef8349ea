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

    /// <summary>Checkout starts one client (IP address) may make per <see cref="ClientWindowMinutes"/>.</summary>
    [Range(1, int.MaxValue)]
    public int StartsPerClientLimit { get; set; } = 10;

    /// <summary>Discount code checks on the cart page one client may make per <see cref="ClientWindowMinutes"/>.</summary>
    [Range(1, int.MaxValue)]
    public int CodeChecksPerClientLimit { get; set; } = 20;

    [Range(1, 1440)]
    public int ClientWindowMinutes { get; set; } = 10;

    /// <summary>Units one client may hold across all its open payment pages at once.</summary>
    [Range(1, int.MaxValue)]
    public int MaxHeldUnitsPerClient { get; set; } = 10;

    /// <summary>How long the signed link in a guest's order emails keeps working.</summary>
    [Range(1, 3650)]
    public int GuestLinkDays { get; set; } = 30;

    /// <summary>Requests for a fresh order link per client, and per order, per hour.</summary>
    [Range(1, int.MaxValue)]
    public int LinkRequestsPerHourLimit { get; set; } = 5;
}
