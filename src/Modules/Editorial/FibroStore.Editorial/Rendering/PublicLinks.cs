using Microsoft.Extensions.Configuration;

namespace FibroStore.Editorial.Rendering;

/// <summary>
/// Absolute links (canonical URLs, feeds, sitemap, emails) on the store's configured public address, never on the
/// request's Host header: cached pages are shared by every visitor, and a forged header must not end up in them.
/// </summary>
internal static class PublicLinks
{
    public static string Base(IConfiguration configuration) => new StoreAddress(configuration).BaseUrl;

    public static string Absolute(IConfiguration configuration, string path) => $"{Base(configuration)}/{path.TrimStart('/')}";
}
