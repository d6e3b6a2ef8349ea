using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace FibroStore.Ordering.Fulfillment;

internal enum GuestLinkCheck { Invalid, Expired, Valid }

/// <summary>
/// Where a person sees their order. A guest's link carries a token signed with the store's data-protection keys
/// (kept in PostgreSQL, so any instance can check it) and the time it was made; it works for
/// <see cref="OrderingOptions.GuestLinkDays"/> days. Without it, an order number alone shows nothing.
/// </summary>
internal sealed class OrderLinks(StoreAddress address, IDataProtectionProvider protection, IOptions<OrderingOptions> options, TimeProvider clock)
{
    private readonly IDataProtector protector = protection.CreateProtector("FibroStore.Ordering.GuestOrderLink.v1");

    public static string Path(Order order) => $"/orders/{order.DisplayNumber}";

    public string GuestLink(Order order)
    {
        var issued = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return address.Absolute($"{Path(order)}?t={Uri.EscapeDataString(protector.Protect($"{order.Id:N}.{issued}"))}");
    }

    public string Absolute(string path) => address.Absolute(path);

    /// <summary>
    /// Whether the token opens this order now. A genuine token past its time is <see cref="GuestLinkCheck.Expired"/>;
    /// links made before they carried a time count from when the order was placed.
    /// </summary>
    public GuestLinkCheck Check(Order order, string? token)
    {
        if (string.IsNullOrEmpty(token)) return GuestLinkCheck.Invalid;
        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return GuestLinkCheck.Invalid;
        }
        var parts = payload.Split('.');
        if (parts[0] != order.Id.ToString("N")) return GuestLinkCheck.Invalid;
        var issued = parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : order.PlacedAt;
        return clock.GetUtcNow() < issued.AddDays(options.Value.GuestLinkDays) ? GuestLinkCheck.Valid : GuestLinkCheck.Expired;
    }
}
