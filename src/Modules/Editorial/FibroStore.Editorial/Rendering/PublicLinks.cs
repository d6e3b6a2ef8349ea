using Microsoft.Extensions.Configuration;

namespace FibroStore.Editorial.Rendering;

/// <summary>
/// Absolute links (canonical URLs, feeds, sitemap, emails) on the store's configured public address, never on the
/// request's Host header: cached pages are shared by every visitor, and a forged header must not end up in them.
/// </summary>
internal static class PublicLinks
{
    private const string DefaultPublicUrl = "http://127.0.0.1:5080";

    public static string Base(IConfiguration configuration) =>
        (configuration["Store:PublicUrl"] is { Length: > 0 } configured ? configured : DefaultPublicUrl).TrimEnd('/');

    public static string Absolute(IConfiguration configuration, string path) => $"{Base(configuration)}/{path.TrimStart('/')}";
}
