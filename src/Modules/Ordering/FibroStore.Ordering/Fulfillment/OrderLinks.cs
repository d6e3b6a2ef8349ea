using FibroStore.Ordering.Domain;
using FibroStore.SharedKernel.Web;
using Microsoft.AspNetCore.DataProtection;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>
/// Where a person sees their order. A guest's link carries a token signed with the store's data-protection keys
/// (kept in PostgreSQL, so any instance can check it); without it, an order number alone shows nothing.
/// </summary>
internal sealed class OrderLinks(StoreAddress address, IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("FibroStore.Ordering.GuestOrderLink.v1");

    public string Path(Order order) => $"/orders/{order.DisplayNumber}";

    public string GuestLink(Order order) =>
        address.Absolute($"{Path(order)}?t={Uri.EscapeDataString(protector.Protect(order.Id.ToString("N")))}");

    public string Absolute(string path) => address.Absolute(path);

    public bool IsValidToken(Order order, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try
        {
            return protector.Unprotect(token) == order.Id.ToString("N");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
