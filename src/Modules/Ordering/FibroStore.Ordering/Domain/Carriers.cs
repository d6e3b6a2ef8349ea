namespace FibroStore.Ordering.Domain;

/// <summary>The carriers staff choose from when marking an order shipped, and where each one's tracking page is.</summary>
internal static class Carriers
{
    private static readonly Dictionary<string, string> TrackingPages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Royal Mail"] = "https://www.royalmail.com/track-your-item#/tracking-results/{0}",
        ["USPS"] = "https://tools.usps.com/go/TrackConfirmAction?tLabels={0}",
        ["UPS"] = "https://www.ups.com/track?tracknum={0}",
        ["FedEx"] = "https://www.fedex.com/fedextrack/?trknbr={0}",
        ["DHL"] = "https://www.dhl.com/global-en/home/tracking.html?tracking-id={0}",
        ["DPD"] = "https://track.dpd.co.uk/parcels/{0}",
        ["Evri"] = "https://www.evri.com/track/parcel/{0}",
    };

    public static IReadOnlyCollection<string> Known => TrackingPages.Keys;

    public static string? TrackingUrl(string? carrier, string? tracking) =>
        carrier is not null && tracking is not null && TrackingPages.TryGetValue(carrier, out var page)
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, page, Uri.EscapeDataString(tracking))
            : null;
}
