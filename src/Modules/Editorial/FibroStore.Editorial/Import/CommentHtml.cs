using AngleSharp.Html.Parser;
using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Editorial.Import;

/// <summary>
/// A WordPress comment as the store shows it: paragraphs as WordPress added them, through the shared sanitizer,
/// and every link marked as a reader's (rel="nofollow ugc"), so search engines do not take it for the store's own.
/// </summary>
internal static class CommentHtml
{
    public static string Render(string text, IMarkdownRenderer sanitizer)
    {
        var safe = sanitizer.Sanitize(WordPressContent.AutoParagraphs(text.Trim()));
        var document = new HtmlParser().ParseDocument("");
        var body = document.Body!;
        body.InnerHtml = safe;
        foreach (var link in body.QuerySelectorAll("a[href]"))
            link.SetAttribute("rel", "nofollow ugc noopener");
        return body.InnerHtml;
    }
}
