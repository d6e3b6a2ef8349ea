using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace FibroStore.Subscribers;

internal enum LinkPurpose
{
    Confirm,
    /// <summary>Unsubscribe and preferences: the links carried by every email.</summary>
    Manage,
}

/// <summary>
/// Signed, expiring links for subscribers, always on the store's configured public address (never the Host header
/// of a request). The signature is the only protection of the unsubscribe and preferences pages, which ask for no
/// sign-in; Data Protection keys are shared by every instance, so any instance can read any link.
/// </summary>
internal sealed class SubscriberLinks(StoreAddress address, IDataProtectionProvider protection)
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);
    // Long: people unsubscribe from emails they received months ago, and that must keep working.
    public static readonly TimeSpan ManageLifetime = TimeSpan.FromDays(730);

    public const string ProtectorPurpose = "FibroStore.Subscribers.Links.v1";

    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector(ProtectorPurpose).ToTimeLimitedDataProtector();

    public string BaseUrl => address.BaseUrl;

    public string Absolute(string pathAndQuery) => address.Absolute(pathAndQuery);

    public string Token(LinkPurpose purpose, Guid subscriberId) =>
        protector.Protect($"{purpose}:{subscriberId:N}", purpose == LinkPurpose.Confirm ? ConfirmLifetime : ManageLifetime);

    /// <summary>The subscriber a link names, or null when it was edited, cut short, made for another purpose or has expired.</summary>
    public Guid? Read(LinkPurpose purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        try
        {
            var parts = protector.Unprotect(token, out _).Split(':');
            return parts.Length == 2 && parts[0] == purpose.ToString() && Guid.TryParseExact(parts[1], "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string ConfirmUrl(Guid subscriberId) => Absolute($"/subscribe/confirm/{Token(LinkPurpose.Confirm, subscriberId)}");

    public string UnsubscribeUrl(string manageToken) => Absolute($"/subscribe/unsubscribe/{manageToken}");

    public string PreferencesUrl(string manageToken) => Absolute($"/subscribe/preferences/{manageToken}");

    /// <summary>The RFC 2369 / RFC 8058 headers every list email carries, so mail programs show their own unsubscribe button.</summary>
    public static IReadOnlyDictionary<string, string> ListHeaders(string unsubscribeUrl) => new Dictionary<string, string>
    {
        ["List-Unsubscribe"] = $"<{unsubscribeUrl}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };
}
