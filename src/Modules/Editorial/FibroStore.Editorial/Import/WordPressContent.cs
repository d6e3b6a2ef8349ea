using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FibroStore.Editorial.Import;

/// <summary>The HTML a post becomes (before the shared sanitizer), and what was changed or left out on the way.</summary>
internal sealed record ConvertedContent(string Html, IReadOnlyList<string> Notes);

/// <summary>
/// Turns a post's stored content into the HTML WordPress would have shown, without WordPress: block-editor posts
/// (with <c>&lt;!-- wp:… --&gt;</c> comments) are already HTML and get no automatic paragraphs; classic posts get
/// them the way wpautop adds them, never inside lists, tables or code. Captions become figures, galleries a group
/// of figures, embeds link cards; other shortcodes are removed (the text they wrap is kept) and named in the notes.
/// </summary>
internal sealed partial class WordPressContent(WxrSite site)
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "ul", "summary", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "iframe", "object", "video", "audio", "math",
        "svg", "style", "script", "noscript", "select", "textarea", "map", "area", "legend", "menu",
    };

    // Inside these, text is wrapped in paragraphs as at the top level; everything else (lists, tables, code, figures) is left alone.
    private static readonly HashSet<string> FlowContainers = new(StringComparer.OrdinalIgnoreCase)
    {
        "blockquote", "div", "section", "article", "aside", "header", "footer", "main", "details",
    };

    public static bool IsBlockEditor(string content) => content.Contains("<!-- wp:", StringComparison.Ordinal);

    public ConvertedContent Convert(string content, long postId)
    {
        var notes = new List<string>();
        var text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var blocks = IsBlockEditor(text);
        if (blocks) text = ConvertBlocks(text, notes);
        text = MoreAndPageBreaks().Replace(text, "\n\n");
        text = Shortcodes.Replace(text, code => RenderShortcode(code, postId, notes));
        if (!blocks)
        {
            text = BareEmbedLines().Replace(text, m => Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var url) && EmbedCards.KnownProvider(url) is not null
                ? $"\n{EmbedCards.Card(m.Groups[1].Value, null, null, null) ?? m.Value}\n" : m.Value);
            text = AutoParagraphs(text);
        }
        return new ConvertedContent(text.Trim(), Summarize(notes));
    }

    /// <summary>An excerpt as plain text: shortcodes and block comments removed, the text they wrap kept.</summary>
    public static string PlainExcerpt(string excerpt) => BlockComment().Replace(Shortcodes.Strip(excerpt), " ");

    private string ConvertBlocks(string text, List<string> notes)
    {
        // Reusable blocks live in their own items; their content is placed where they were used.
        text = ReusableBlock().Replace(text, m =>
        {
            var id = ReadJson(m.Groups["json"].Value, "ref");
            if (long.TryParse(id, out var blockId) && site.ReusableBlocks.TryGetValue(blockId, out var reused))
                return reused.Replace("\r\n", "\n", StringComparison.Ordinal);
            notes.Add($"A reusable block (id {id}) is not in the export and was left out.");
            return "";
        });
        text = EmbedBlock().Replace(text, m =>
        {
            var json = m.Groups["json"].Value;
            var inner = m.Groups["inner"].Value;
            var url = ReadJson(json, "url") ?? BareUrl().Match(inner).Value;
            var provider = ReadJson(json, "providerNameSlug") ?? (m.Groups["variant"].Success ? m.Groups["variant"].Value : null);
            var caption = FigureCaption().Match(inner) is { Success: true } c ? c.Groups[1].Value : null;
            var card = EmbedCards.Card(url ?? "", provider, ReadJson(json, "title"), caption);
            if (card is null) notes.Add("An embed without a web address was left out.");
            else notes.Add($"Embed of {url} became a link card.");
            return card ?? "";
        });
        text = MediaBlock().Replace(text, m =>
        {
            var source = MediaSource().Match(m.Groups["inner"].Value);
            notes.Add($"A {m.Groups["kind"].Value} block was left out (the store keeps images only){(source.Success ? $": {source.Groups[1].Value}" : "")}.");
            return "";
        });
        foreach (Match dynamic in DynamicBlock().Matches(text))
            notes.Add($"The \"{dynamic.Groups["name"].Value}\" block shows live WordPress data and was left out.");
        return BlockComment().Replace(text, "");
    }

    private string RenderShortcode(Shortcode code, long postId, List<string> notes)
    {
        switch (code.Name)
        {
            case "caption" or "wp_caption":
                return Caption(code);
            case "gallery":
                return Gallery(code, postId, notes);
            case "embed":
                var card = EmbedCards.Card(code.Inner ?? code.Attributes.GetValueOrDefault("src") ?? "", null, null, null);
                notes.Add(card is null ? "An [embed] without a web address was removed." : $"[embed] of {code.Inner?.Trim()} became a link card.");
                return card ?? "";
            case "video" or "audio" or "playlist":
                var source = code.Attributes.GetValueOrDefault("src") ?? code.Attributes.GetValueOrDefault("mp4") ?? code.Attributes.GetValueOrDefault("mp3") ?? "";
                notes.Add($"[{code.Name}] was removed (the store keeps images only){(source.Length > 0 ? $": {source}" : "")}.");
                return "";
            default:
                notes.Add(code.Inner is { Length: > 0 } ? $"[{code.Name}] was removed; the text inside it was kept." : $"[{code.Name}] was removed.");
                return code.Inner ?? "";
        }
    }

    /// <summary>[caption]&lt;img …&gt; The caption[/caption]: the image (with its link, if any) and its caption as a figure.</summary>
    private static string Caption(Shortcode code)
    {
        var inner = code.Inner ?? "";
        var media = CaptionMedia().Match(inner);
        var image = media.Success ? media.Value : "";
        var caption = (code.Attributes.GetValueOrDefault("caption") is { Length: > 0 } attribute ? WebUtility.HtmlDecode(attribute) : media.Success ? inner.Remove(media.Index, media.Length) : inner).Trim();
        return $"\n<figure class=\"wp-caption\">{image}{(caption.Length > 0 ? $"<figcaption>{caption}</figcaption>" : "")}</figure>\n";
    }

    /// <summary>[gallery ids="…"] names its images; without ids, WordPress showed the images attached to the post.</summary>
    private string Gallery(Shortcode code, long postId, List<string> notes)
    {
        var idsText = code.Attributes.GetValueOrDefault("ids") ?? code.Attributes.GetValueOrDefault("include");
        var items = new List<WxrAttachment>();
        if (idsText is null)
        {
            items.AddRange(site.AttachmentsOf(postId));
        }
        else
        {
            foreach (var part in idsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (long.TryParse(part, out var id) && site.Attachments.TryGetValue(id, out var attachment)) items.Add(attachment);
                else notes.Add($"Gallery image {part} is not in the export, so it was left out of the gallery.");
            }
        }
        if (items.Count == 0)
        {
            notes.Add("A gallery had no images in the export and was removed.");
            return "";
        }
        var html = new StringBuilder("\n<figure class=\"gallery\">");
        foreach (var item in items)
        {
            html.Append("<figure class=\"gallery-item\"><img src=\"").Append(WebUtility.HtmlEncode(item.Url)).Append("\" alt=\"")
                .Append(WebUtility.HtmlEncode(item.Alt)).Append("\">");
            if (item.Caption.Length > 0) html.Append("<figcaption>").Append(item.Caption).Append("</figcaption>");
            html.Append("</figure>");
        }
        return html.Append("</figure>\n").ToString();
    }

    /// <summary>
    /// Classic-editor text keeps paragraphs as blank lines and line breaks as single newlines; WordPress adds the
    /// tags when it shows a post. Done on the parsed document, so lists, tables, code and figures are never touched.
    /// </summary>
    internal static string AutoParagraphs(string html)
    {
        var document = new HtmlParser().ParseDocument("");
        var body = document.Body!;
        body.InnerHtml = HtmlComment().Replace(html, "");
        Paragraphs(document, body);
        return body.InnerHtml;
    }

    private static void Paragraphs(IDocument document, IElement container)
    {
        var run = new List<INode>();
        foreach (var child in container.ChildNodes.ToList())
        {
            if (child is IElement element && BlockTags.Contains(element.LocalName))
            {
                Wrap(document, container, run, element);
                run.Clear();
                if (FlowContainers.Contains(element.LocalName)) Paragraphs(document, element);
            }
            else
            {
                run.Add(child);
            }
        }
        Wrap(document, container, run, null);
    }

    /// <summary>Wraps a run of text and inline elements in paragraphs, split at blank lines; single newlines become line breaks.</summary>
    private static void Wrap(IDocument document, IElement container, List<INode> run, INode? before)
    {
        if (run.Count == 0) return;
        var paragraphs = new List<List<INode>> { new() };
        foreach (var node in run)
        {
            if (node is IText text && ParagraphBreak().IsMatch(text.Data))
            {
                var parts = ParagraphBreak().Split(text.Data);
                text.Remove();
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0) paragraphs.Add([]);
                    if (parts[i].Length > 0) paragraphs[^1].Add(document.CreateTextNode(parts[i]));
                }
            }
            else
            {
                (node as IChildNode)?.Remove();
                paragraphs[^1].Add(node);
            }
        }
        foreach (var nodes in paragraphs)
        {
            if (nodes.All(n => n is IText t && string.IsNullOrWhiteSpace(t.Data) || n is IComment)) continue;
            var paragraph = document.CreateElement("p");
            foreach (var node in nodes) paragraph.AppendChild(node);
            Trim(paragraph);
            foreach (var text in paragraph.ChildNodes.OfType<IText>().Where(t => t.Data.Contains('\n', StringComparison.Ordinal)).ToList())
            {
                var lines = text.Data.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (i > 0) paragraph.InsertBefore(document.CreateElement("br"), text);
                    paragraph.InsertBefore(document.CreateTextNode(lines[i]), text);
                }
                text.Remove();
            }
            if (before is null) container.AppendChild(paragraph);
            else container.InsertBefore(paragraph, before);
        }
    }

    private static void Trim(IElement paragraph)
    {
        if (paragraph.FirstChild is IText first) first.Data = first.Data.TrimStart();
        if (paragraph.LastChild is IText last) last.Data = last.Data.TrimEnd();
    }

    private static string? ReadJson(string json, string property)
    {
        if (json.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The same note twice in one post is listed once, with how many times it happened.</summary>
    private static List<string> Summarize(List<string> notes) =>
        notes.GroupBy(n => n, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()} times)").ToList();

    [GeneratedRegex(@"<!--\s*wp:block\s+(?<json>\{[^}]*\})\s*/-->")]
    private static partial Regex ReusableBlock();

    [GeneratedRegex(@"<!--\s*wp:(?:embed|core-embed/(?<variant>[a-z0-9-]+))\s*(?<json>\{[^>]*?\})?\s*-->(?<inner>.*?)<!--\s*/wp:(?:embed|core-embed/[a-z0-9-]+)\s*-->", RegexOptions.Singleline)]
    private static partial Regex EmbedBlock();

    [GeneratedRegex(@"<!--\s*wp:(?<kind>video|audio)\b[^>]*?-->(?<inner>.*?)<!--\s*/wp:(?:video|audio)\s*-->", RegexOptions.Singleline)]
    private static partial Regex MediaBlock();

    [GeneratedRegex(@"(?:src|href)=""([^""]+)""")]
    private static partial Regex MediaSource();

    // Self-closing blocks other than the separator-like ones carry no HTML: WordPress filled them in when it showed the page.
    // WordPress escapes "<", ">" and "--" inside a block's attributes, so they never contain the comment's end.
    [GeneratedRegex(@"<!--\s*wp:(?<name>(?!block\b|more\b|nextpage\b|spacer\b|separator\b)[a-z][a-z0-9_/-]*)\s*(?:\{[^>]*?\})?\s*/-->")]
    private static partial Regex DynamicBlock();

    [GeneratedRegex(@"<!--\s*/?wp:[a-z][a-z0-9_/-]*\s*(?:\{[^>]*?\})?\s*/?-->")]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", RegexOptions.Singleline)]
    private static partial Regex MoreAndPageBreaks();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<figcaption[^>]*>(.*?)</figcaption>", RegexOptions.Singleline)]
    private static partial Regex FigureCaption();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"^[ \t]*(https?://[^\s<>""]+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BareEmbedLines();

    [GeneratedRegex(@"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", RegexOptions.Singleline)]
    private static partial Regex CaptionMedia();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();
}
