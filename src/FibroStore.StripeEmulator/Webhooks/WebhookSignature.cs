using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FibroStore.StripeEmulator.Webhooks;

internal static class WebhookSignature
{
    /// <summary>Stripe's scheme: HMAC-SHA256 of "t.payload", keyed with the whole whsec_ secret as UTF-8.</summary>
    public static string Header(byte[] payload, long timestamp, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}."));
        byte[] signed = [.. prefix, .. payload];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
