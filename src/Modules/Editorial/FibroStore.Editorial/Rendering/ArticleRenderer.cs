using System.Text.Json;
using AngleSharp.Html.Parser;
using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Editorial.Rendering;

internal sealed record TocEntry(int Level, string Id, string Text);

internal sealed record RenderedArticle(
    string Html,
    string Text,
    IReadOnlyList<TocEntry> Toc,
    IReadOnlyList<string> ProductSlugs,
    int ReadingMinutes,
    string ReferencesHtml,
    IReadOnlyList<string> Warnings)
{
    public string TocJson => JsonSerializer.Serialize(Toc);
}

/// <summary>
/// Turns an article's Markdown into the HTML stored with it: the shared sanitizer first, then only additions
/// we make ourselves (heading ids, lazy images, scrollable tables), so nothing a writer types escapes it.
/// </summary>
internal sealed partial class ArticleRenderer(IMarkdownRenderer markdown)
{
    private const int WordsPerMinute = 200;

    public RenderedArticle Render(string body, string references) => Process(markdown.ToSafeHtml(body), references);

    /// <summary>For imported HTML (WordPress): the same sanitizer and the same additions as Markdown gets.</summary>
    public RenderedArticle RenderHtml(string html, string references) => Process(markdown.Sanitize(html), references);

    private RenderedArticle Process(string safeHtml, string references)
    {
        var warnings = new List<string>();
        var document = new HtmlParser().ParseDocument("");
        var root = document.Body!;
        root.InnerHtml = safeHtml;

        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var toc = new List<TocEntry>();
        foreach (var heading in root.QuerySelectorAll("h2, h3"))
        {
            var headingText = heading.TextContent.Trim();
            // Ids come from the visible text, whatever the source (Markdown or imported HTML) suggested, so links stay predictable.
            var id = Slugs.From(headingText);
            if (id.Length == 0) id = "section";
            var unique = id;
            for (var n = 2; !usedIds.Add(unique); n++) unique = $"{id}-{n}";
            heading.Id = unique;
            toc.Add(new TocEntry(heading.LocalName == "h2" ? 2 : 3, unique, headingText));
        }
        foreach (var image in root.QuerySelectorAll("img"))
        {
            image.SetAttribute("loading", "lazy");
            if (!image.HasAttribute("alt")) image.SetAttribute("alt", "");
        }
        foreach (var table in root.QuerySelectorAll("table").ToList())
        {
            var wrapper = document.CreateElement("div");
            wrapper.ClassName = "table-scroll";
            table.Parent!.ReplaceChild(wrapper, table);
            wrapper.AppendChild(table);
        }

        // A product card fills a paragraph of its own; a short code in the middle of a sentence has nowhere to go.
        var slugs = new List<string>();
        foreach (var paragraph in root.QuerySelectorAll("p"))
        {
            var match = WholeShortCode().Match(paragraph.TextContent.Trim());
            if (match.Success && paragraph.Children.Length == 0)
            {
                var slug = match.Groups[1].Value;
                if (!slugs.Contains(slug)) slugs.Add(slug);
                paragraph.InnerHtml = "";
                paragraph.TextContent = ProductMarker(slug);
            }
        }
        var html = root.InnerHtml;
        var stray = StrayShortCode().Matches(html).Select(m => m.Value).Distinct().ToList();
        if (stray.Count > 0)
        {
            warnings.AddRange(stray.Select(code =>
                $"{code} is inside other text; put each product short code on a line of its own. It was left out."));
            html = StrayShortCode().Replace(html, "");
        }

        var text = Whitespace().Replace(AnyShortCode().Replace(root.TextContent, " "), " ").Trim();
        var words = text.Length == 0 ? 0 : text.Split(' ').Length;

        return new RenderedArticle(html, text, toc, slugs, Math.Max(1, (int)Math.Ceiling(words / (double)WordsPerMinute)),
            RenderReferences(references), warnings);
    }

    public static string ProductMarker(string slug) => $"[[product:{slug}]]";

    /// <summary>The stored body split around product markers, so a page can put live cards where they stand.</summary>
    public static IEnumerable<(string Html, string? ProductSlug)> Segments(string html)
    {
        var at = 0;
        foreach (Match match in StoredMarker().Matches(html))
        {
            yield return (html[at..match.Index], null);
            yield return ("", match.Groups[1].Value);
            at = match.Index + match.Length;
        }
        yield return (html[at..], null);
    }

    private string RenderReferences(string references)
    {
        var lines = references.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return "";
        var document = new HtmlParser().ParseDocument("");
        var list = document.CreateElement("ol");
        list.ClassName = "references";
        for (var i = 0; i < lines.Count; i++)
        {
            var item = document.CreateElement("li");
            item.Id = $"ref-{i + 1}";
            var inner = markdown.ToSafeHtml(lines[i]).Trim();
            // One line of Markdown renders as one paragraph; the list item is the paragraph.
            if (inner.StartsWith("<p>", StringComparison.Ordinal) && inner.EndsWith("</p>", StringComparison.Ordinal))
                inner = inner[3..^4];
            item.InnerHtml = inner;
            list.AppendChild(item);
        }
        return list.OuterHtml;
    }

    [GeneratedRegex(@"^\[\[product:([a-z0-9]+(?:-[a-z0-9]+)*)\]\]$")]
    private static partial Regex WholeShortCode();

    [GeneratedRegex(@"\[\[product:[^\]]{0,200}\]\]")]
    private static partial Regex AnyShortCode();

    [GeneratedRegex(@"<p>\[\[product:([a-z0-9]+(?:-[a-z0-9]+)*)\]\]</p>")]
    private static partial Regex StoredMarker();

    [GeneratedRegex(@"(?<!<p>)\[\[product:[^\]]{0,200}\]\]|\[\[product:[^\]]{0,200}\]\](?!</p>)")]
    private static partial Regex StrayShortCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
