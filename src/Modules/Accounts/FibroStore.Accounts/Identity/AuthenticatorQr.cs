using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.WebUtilities;
using QRCoder;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// The authenticator set-up QR code, drawn on the server as inline SVG: no script is needed (the site allows none
/// inline) and the image carries its own text alternative.
/// </summary>
internal static class AuthenticatorQr
{
    /// <summary>
    /// Identity's page names its own assembly as the issuer; people should see the store's name in their
    /// authenticator app, or they cannot tell which code is ours.
    /// </summary>
    public static string WithIssuer(string authenticatorUri, string issuer)
    {
        if (!Uri.TryCreate(authenticatorUri, UriKind.Absolute, out var uri) || uri.Scheme != "otpauth")
            return authenticatorUri;
        var label = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var account = label[(label.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var query = QueryHelpers.ParseQuery(uri.Query);
        if (!query.TryGetValue("secret", out var secret))
            return authenticatorUri;
        var name = Uri.EscapeDataString(issuer);
        return $"otpauth://totp/{name}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={name}&digits=6";
    }

    public static IHtmlContent Svg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var size = modules.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (modules[y][x])
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");

        // Presentation attributes (fill), not style attributes: the content security policy allows the former.
        return new HtmlString(
            $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{HtmlEncoder.Default.Encode(label)}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#ffffff"/><path d="{path}" fill="#000000"/></svg>""");
    }
}
