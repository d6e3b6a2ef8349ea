using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Absolute links for emails and logs, always on the store's configured public address. Links are never built
/// from the Host header of the request that caused them: a forged header would otherwise send someone's
/// password-reset link to another site.
/// </summary>
internal sealed class StoreLinks(StoreAddress address)
{
    public string BaseUrl => address.BaseUrl;

    public string Absolute(string pathAndQuery) => address.Absolute(pathAndQuery);

    /// <summary>Moves a link that Identity's pages built from the request onto the public address.</summary>
    public string Rebase(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) ? Absolute(uri.PathAndQuery) : Absolute(link);

    public string ConfirmEmail(string userId, string token) =>
        Absolute($"/Identity/Account/ConfirmEmail?userId={Uri.EscapeDataString(userId)}&code={EncodeToken(token)}");

    public string ResetPassword(string token) =>
        Absolute($"/Identity/Account/ResetPassword?code={EncodeToken(token)}");

    public string AcceptInvitation(string userId, string token) =>
        Absolute($"/account/accept-invitation?userId={Uri.EscapeDataString(userId)}&code={EncodeToken(token)}");

    /// <summary>Identity tokens travel Base64Url-encoded, the way the default UI pages expect them.</summary>
    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>Null when the code is not valid Base64Url (a link cut short or edited by hand).</summary>
    public static string? DecodeToken(string? code)
    {
        if (string.IsNullOrEmpty(code))
            return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
