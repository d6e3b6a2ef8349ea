using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;

namespace FibroStore.SharedKernel.Markdown;

/// <summary>
/// The one pipeline every piece of user-written text goes through: Markdown (or imported HTML) in,
/// sanitized HTML out. Nothing reaches a page without passing <see cref="Sanitize"/>.
/// </summary>
public interface IMarkdownRenderer
{
    string ToSafeHtml(string markdown);
    string Sanitize(string html);
    string ToPlainText(string markdown);
}

internal sealed class MarkdownRenderer : IMarkdownRenderer
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly MarkdownPipeline plainPipeline = new MarkdownPipelineBuilder().Build();

    public string ToSafeHtml(string markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", pipeline));

    public string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown ?? "", plainPipeline).Trim();

    // HtmlSanitizer instances are not documented as thread-safe, so each call gets its own.
    public string Sanitize(string html) => ValidLists(CreateSanitizer().Sanitize(html ?? ""));

    /// <summary>
    /// The sanitizer keeps what the HTML parser keeps, and the parser accepts lists HTML does not allow: imported posts
    /// put &lt;br&gt; and bare text straight inside &lt;ul&gt;, or &lt;li&gt; with no list around it. Line breaks between
    /// items go, stray content moves into an item of its own, and lone items get a list, so every page stays valid HTML.
    /// </summary>
    private static string ValidLists(string html)
    {
        if (!html.Contains("<li", StringComparison.OrdinalIgnoreCase) && !html.Contains("<ul", StringComparison.OrdinalIgnoreCase)
            && !html.Contains("<ol", StringComparison.OrdinalIgnoreCase))
            return html;
        var document = new HtmlParser().ParseDocument("");
        var body = document.Body!;
        body.InnerHtml = html;
        var changed = false;
        foreach (var list in body.QuerySelectorAll("ul, ol").ToList())
        {
            IElement? stray = null;
            foreach (var child in list.ChildNodes.ToList())
            {
                if (child is IElement { LocalName: "li" } || child is IText text && string.IsNullOrWhiteSpace(text.Data) || child is IComment)
                {
                    stray = null;
                    continue;
                }
                changed = true;
                if (child is IElement { LocalName: "br" })
                {
                    list.RemoveChild(child);
                    continue;
                }
                if (stray is null)
                {
                    stray = document.CreateElement("li");
                    list.InsertBefore(stray, child);
                }
                stray.AppendChild(child);
            }
        }
        foreach (var item in body.QuerySelectorAll("li").ToList())
        {
            if (item.ParentElement?.LocalName is "ul" or "ol" or "menu" || item.Parent is not { } parent)
                continue;
            changed = true;
            var list = document.CreateElement("ul");
            parent.InsertBefore(list, item);
            for (INode? node = item; node is IElement { LocalName: "li" } || node is IText { Data: var gap } && string.IsNullOrWhiteSpace(gap);)
            {
                var next = node.NextSibling;
                list.AppendChild(node);
                node = next;
            }
        }
        return changed ? body.InnerHtml : html;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
            sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("aria-label");
        sanitizer.AllowedAttributes.Add("aria-hidden");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }
}
