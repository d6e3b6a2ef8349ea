using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FibroStore.StripeEmulator.Webhooks;

internal static class WebhookSignature
{
    /// <summary>Stripe's scheme: HMAC-SHA256 of "t.payload", keyed with the whole whsec_ secret as UTF-8.</summary>
    public static string Header(string payload, long timestamp, string secret)
    {
        var signed = string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{payload}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
