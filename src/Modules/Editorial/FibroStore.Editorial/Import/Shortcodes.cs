namespace FibroStore.Editorial.Import;

/// <summary>One shortcode found in a post: its name, its attributes and, for the enclosing kind, the text it wraps.</summary>
internal sealed record Shortcode(string Name, IReadOnlyDictionary<string, string> Attributes, string? Inner);

/// <summary>
/// Finds WordPress shortcodes the way WordPress reads them: <c>[name attr="value"]</c>, the self-closing
/// <c>[name /]</c>, the enclosing <c>[name]…[/name]</c>, and the escaped <c>[[name]]</c> that shows as text.
/// WordPress only runs shortcodes a plugin registered; an export does not say which were, so a bracketed word is
/// taken for a shortcode when it is a known one, has attributes, has a closing tag or stands alone on its line;
/// "[sic]" inside a sentence stays text.
/// </summary>
internal static partial class Shortcodes
{
    /// <summary>WordPress core's shortcodes and those of the plugins most sites used.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist",
        "contact-form-7", "contact-form", "contact-field", "gravityform", "gravityforms", "wpforms", "ninja_form", "formidable",
        "mc4wp_form", "instagram-feed", "custom-twitter-feeds", "wpdatatable", "tablepress", "table", "toc", "ez-toc",
        "woocommerce_cart", "woocommerce_checkout", "woocommerce_my_account", "woocommerce_order_tracking", "products", "product",
        "product_page", "product_category", "product_categories", "add_to_cart", "add_to_cart_url", "recent_products", "featured_products",
        "sale_products", "best_selling_products", "top_rated_products", "shop_messages", "jetpack_subscription_form", "googlemaps",
        "youtube", "vimeo", "soundcloud", "spotify", "tweet", "box", "button", "column", "one_half", "one_third", "two_thirds",
        "one_fourth", "three_fourths", "one_half_last", "one_third_last", "tabs", "tab", "accordion", "toggle", "divider", "spacer",
    };

    private static readonly string[] KnownPrefixes = ["vc_", "et_pb_", "fusion_", "su_", "av_", "cs_", "x_", "themify_", "elementor-", "rev_slider", "layerslider"];

    /// <summary>
    /// Replaces every shortcode in <paramref name="text"/> with what <paramref name="render"/> returns for it.
    /// The renderer receives inner text already processed, so nested shortcodes are handled from the inside out.
    /// </summary>
    public static string Replace(string text, Func<Shortcode, string> render)
    {
        if (!text.Contains('[', StringComparison.Ordinal)) return text;
        var output = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var match = Opening().Match(text, at);
            if (!match.Success)
            {
                output.Append(text, at, text.Length - at);
                break;
            }
            output.Append(text, at, match.Index - at);
            var name = match.Groups["name"].Value;
            var escaped = match.Groups["open"].Length > 0 && match.Groups["close2"].Length > 0;
            if (escaped)
            {
                // [[gallery]] is how a writer shows the shortcode itself: WordPress prints it once bracketed.
                output.Append(match.Value, 1, match.Length - 2);
                at = match.Index + match.Length;
                continue;
            }
            var start = match.Index + match.Groups["open"].Length;
            var tagEnd = match.Index + match.Length - match.Groups["close2"].Length;
            var attributes = ParseAttributes(match.Groups["attrs"].Value);
            var selfClosing = match.Groups["self"].Length > 0;
            var closing = selfClosing ? -1 : text.IndexOf($"[/{name}]", tagEnd, StringComparison.OrdinalIgnoreCase);
            if (closing < 0 && !selfClosing && !LooksLikeShortcode(text, match, name, attributes))
            {
                output.Append(text, match.Index, tagEnd - match.Index);
                at = tagEnd;
                continue;
            }
            output.Append(text, match.Index, start - match.Index);
            if (closing >= 0)
            {
                var inner = Replace(text[tagEnd..closing], render);
                output.Append(render(new Shortcode(name.ToLowerInvariant(), attributes, inner)));
                at = closing + name.Length + 3;
            }
            else
            {
                output.Append(render(new Shortcode(name.ToLowerInvariant(), attributes, null)));
                at = tagEnd;
            }
        }
        // A closing tag left without its opening one is a broken shortcode; readers should not see it.
        return StrayClosing().Replace(output.ToString(), m => IsKnown(m.Groups[1].Value) ? "" : m.Value);
    }

    /// <summary>Removes every shortcode, keeping the text that enclosing ones wrap (for excerpts and plain text).</summary>
    public static string Strip(string text) => Replace(text, code => code.Inner ?? "");

    public static bool IsKnown(string name) =>
        Known.Contains(name) || KnownPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool LooksLikeShortcode(string text, Match match, string name, IReadOnlyDictionary<string, string> attributes)
    {
        if (IsKnown(name) || attributes.Count > 0) return true;
        // Alone on its line (or in a paragraph of its own), a bracketed word is a shortcode, not part of a sentence.
        var before = text.LastIndexOf('\n', Math.Max(0, match.Index - 1));
        var lineStart = before < 0 ? 0 : before + 1;
        var after = text.IndexOf('\n', match.Index + match.Length);
        var lineEnd = after < 0 ? text.Length : after;
        var line = text[lineStart..lineEnd].Trim();
        return line == match.Value || line == $"<p>{match.Value}</p>";
    }

    private static Dictionary<string, string> ParseAttributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Attribute().Matches(text))
        {
            var key = m.Groups["key"].Value;
            if (key.Length == 0) continue;
            var value = m.Groups["dq"].Success ? m.Groups["dq"].Value : m.Groups["sq"].Success ? m.Groups["sq"].Value : m.Groups["bare"].Value;
            attributes.TryAdd(key, value);
        }
        return attributes;
    }

    // WordPress's own shortcode grammar: an optional extra bracket for escaping, the name, attributes up to the
    // closing bracket, and an optional self-closing slash.
    [GeneratedRegex(@"(?<open>\[?)\[(?<name>[A-Za-z][\w-]*)(?<attrs>(?:\s[^\[\]]*?)?)(?<self>/?)\](?<close2>\]?)")]
    private static partial Regex Opening();

    [GeneratedRegex(@"\[/([A-Za-z][\w-]*)\]")]
    private static partial Regex StrayClosing();

    [GeneratedRegex(@"(?<key>[\w-]+)\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s'""]+))")]
    private static partial Regex Attribute();
}
