namespace FibroStore.Editorial.Import;

/// <summary>
/// An embedded video, post or track becomes a plain link card: the provider's name and the address, and a title only
/// when the post itself carried one. Nothing is fetched from the provider, at import or when the page is shown, so
/// readers load nothing from another site until they choose to follow the link.
/// </summary>
internal static class EmbedCards
{
    // The providers WordPress embeds by itself (its oEmbed list), by the slug the block editor records and by address.
    private static readonly Dictionary<string, string> BySlug = new(StringComparer.OrdinalIgnoreCase)
    {
        ["youtube"] = "YouTube", ["vimeo"] = "Vimeo", ["twitter"] = "X (Twitter)", ["x"] = "X (Twitter)", ["facebook"] = "Facebook",
        ["instagram"] = "Instagram", ["flickr"] = "Flickr", ["soundcloud"] = "SoundCloud", ["spotify"] = "Spotify", ["tiktok"] = "TikTok",
        ["reddit"] = "Reddit", ["ted"] = "TED", ["tumblr"] = "Tumblr", ["wordpress-tv"] = "WordPress.tv", ["wordpress"] = "WordPress",
        ["dailymotion"] = "Dailymotion", ["issuu"] = "Issuu", ["kickstarter"] = "Kickstarter", ["mixcloud"] = "Mixcloud", ["scribd"] = "Scribd",
        ["slideshare"] = "SlideShare", ["smugmug"] = "SmugMug", ["speaker-deck"] = "Speaker Deck", ["videopress"] = "VideoPress",
        ["amazon-kindle"] = "Amazon Kindle", ["animoto"] = "Animoto", ["cloudup"] = "Cloudup", ["crowdsignal"] = "Crowdsignal",
        ["imgur"] = "Imgur", ["pocket-casts"] = "Pocket Casts", ["screencast"] = "Screencast", ["someecards"] = "Someecards",
        ["wolfram-cloud"] = "Wolfram Cloud", ["bluesky"] = "Bluesky", ["pinterest"] = "Pinterest", ["anghami"] = "Anghami",
    };

    private static readonly (string Host, string Name)[] ByHost =
    [
        ("youtube.com", "YouTube"), ("youtu.be", "YouTube"), ("vimeo.com", "Vimeo"), ("twitter.com", "X (Twitter)"), ("x.com", "X (Twitter)"),
        ("facebook.com", "Facebook"), ("instagram.com", "Instagram"), ("flickr.com", "Flickr"), ("flic.kr", "Flickr"),
        ("soundcloud.com", "SoundCloud"), ("spotify.com", "Spotify"), ("tiktok.com", "TikTok"), ("reddit.com", "Reddit"), ("ted.com", "TED"),
        ("tumblr.com", "Tumblr"), ("wordpress.tv", "WordPress.tv"), ("dailymotion.com", "Dailymotion"), ("dai.ly", "Dailymotion"),
        ("issuu.com", "Issuu"), ("kickstarter.com", "Kickstarter"), ("mixcloud.com", "Mixcloud"), ("scribd.com", "Scribd"),
        ("slideshare.net", "SlideShare"), ("smugmug.com", "SmugMug"), ("speakerdeck.com", "Speaker Deck"), ("videopress.com", "VideoPress"),
        ("imgur.com", "Imgur"), ("pca.st", "Pocket Casts"), ("bsky.app", "Bluesky"), ("pinterest.com", "Pinterest"), ("cloudup.com", "Cloudup"),
    ];

    /// <summary>The provider WordPress would have embedded this address from, or null for an address it would leave as a link.</summary>
    public static string? KnownProvider(Uri url) =>
        ByHost.FirstOrDefault(p => url.Host.Equals(p.Host, StringComparison.OrdinalIgnoreCase)
                                   || url.Host.EndsWith("." + p.Host, StringComparison.OrdinalIgnoreCase)).Name;

    public static string ProviderName(Uri url, string? providerSlug)
    {
        if (providerSlug is { Length: > 0 } && BySlug.TryGetValue(providerSlug, out var named)) return named;
        if (KnownProvider(url) is { } known) return known;
        var host = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
        return host;
    }

    /// <summary>The card's HTML, or null when the address is not a web address a reader could follow.</summary>
    public static string? Card(string address, string? providerSlug, string? title, string? caption)
    {
        if (!Uri.TryCreate(WebUtility.HtmlDecode(address.Trim()), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return null;
        var provider = ProviderName(url, providerSlug);
        var shown = $"{url.Host}{url.PathAndQuery}".TrimEnd('/');
        if (shown.Length > 70) shown = shown[..69] + "…";
        var href = WebUtility.HtmlEncode(url.AbsoluteUri);
        var titled = string.IsNullOrWhiteSpace(title) ? "" : $"<span class=\"embed-card-title\">{WebUtility.HtmlEncode(title.Trim())}</span>";
        var captioned = string.IsNullOrWhiteSpace(caption) ? "" : $"<figcaption>{caption.Trim()}</figcaption>";
        return $"<figure class=\"embed-card\"><a class=\"embed-card-link\" href=\"{href}\" rel=\"noopener\">" +
               $"<span class=\"embed-card-provider\">{WebUtility.HtmlEncode(provider)}</span>{titled}" +
               $"<span class=\"embed-card-url\">{WebUtility.HtmlEncode(shown)}</span></a>{captioned}</figure>";
    }
}
