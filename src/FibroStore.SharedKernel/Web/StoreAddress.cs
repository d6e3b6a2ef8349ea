using Microsoft.Extensions.Configuration;

namespace FibroStore.SharedKernel.Web;

/// <summary>
/// Absolute links on the store's configured public address (`Store:PublicUrl`), for emails, payment pages and
/// feeds. Never built from a request's Host header, which a visitor controls.
/// </summary>
public sealed class StoreAddress(IConfiguration configuration)
{
    public const string DefaultPublicUrl = "http://127.0.0.1:5080";

    public string BaseUrl =>
        (configuration["Store:PublicUrl"] is { Length: > 0 } configured ? configured : DefaultPublicUrl).TrimEnd('/');

    public string Absolute(string pathAndQuery) => $"{BaseUrl}/{pathAndQuery.TrimStart('/')}";

    /// <summary>The public address's host name ("shop.example.org"), for identifiers such as email Message-IDs.</summary>
    public string Host => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.Host : new Uri(DefaultPublicUrl).Host;
}
