using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Editorial.Replies;

/// <summary>
/// Replies are plain text: paragraphs and line breaks, nothing else, so a reply cannot add headings or images
/// to the article page. The result still goes through the shared sanitizer.
/// </summary>
internal static partial class ReplyText
{
    public static string ToHtml(string text, IMarkdownRenderer sanitizer)
    {
        var html = new StringBuilder();
        foreach (var paragraph in Paragraphs().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()))
        {
            if (paragraph.Trim().Length == 0) continue;
            html.Append("<p>")
                .Append(string.Join("<br>", paragraph.Trim().Split('\n').Select(WebUtility.HtmlEncode)))
                .Append("</p>");
        }
        return sanitizer.Sanitize(html.ToString());
    }

    public static int CountLinks(string text) => Links().Count(text);

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex Paragraphs();

    [GeneratedRegex(@"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(com|net|org|info|biz|ru|io|xyz)\b\S*", RegexOptions.IgnoreCase)]
    private static partial Regex Links();
}
