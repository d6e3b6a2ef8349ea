using AngleSharp.Html.Parser;
using FibroStore.Editorial.Import;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>How a post's stored content becomes HTML, checked on the parsed result (no database needed).</summary>
public sealed class WordPressContentTests
{
    private static readonly WxrSite Site = SiteWithAttachments();

    private static WxrSite SiteWithAttachments()
    {
        var site = new WxrSite { SiteKey = "https://calmcorner.example", Hosts = new HashSet<string> { "calmcorner.example" } };
        site.Attachments[40] = new WxrAttachment(40, 101, 0, "https://calmcorner.example/wp-content/uploads/2026/03/a.jpg", "2026/03/a.jpg", "a", "First", "The first picture", "https://calmcorner.example/a/");
        site.Attachments[41] = new WxrAttachment(41, 101, 1, "https://calmcorner.example/wp-content/uploads/2026/03/b.jpg", "2026/03/b.jpg", "b", "Second", "", "https://calmcorner.example/b/");
        return site;
    }

    private static AngleSharp.Dom.IElement Body(string html)
    {
        var document = new HtmlParser().ParseDocument("");
        document.Body!.InnerHtml = html;
        return document.Body;
    }

    [Fact]
    public void Classic_text_gets_paragraphs_and_line_breaks_but_never_inside_lists_or_code()
    {
        var html = new WordPressContent(Site).Convert(
            "First line\nsecond line.\n\n<ul>\n\t<li>One</li>\n\t<li>Two</li>\n</ul>\n\n<pre><code>a\nb\n\nc</code></pre>\n\nLast.", 1).Html;
        var body = Body(html);

        var paragraphs = body.Children.Where(c => c.LocalName == "p").ToList();
        Assert.Equal(2, paragraphs.Count);
        Assert.Single(paragraphs[0].QuerySelectorAll("br"));
        Assert.Equal("Last.", paragraphs[1].TextContent);
        Assert.Empty(body.QuerySelectorAll("ul br, ol br, pre br, ul p, pre p"));
        Assert.Equal("a\nb\n\nc", body.QuerySelector("pre code")!.TextContent);
        Assert.Equal(2, body.QuerySelectorAll("ul > li").Length);
    }

    [Fact]
    public void Block_editor_content_gets_no_added_paragraphs_and_loses_its_block_comments()
    {
        const string content = "<!-- wp:paragraph -->\n<p>Hello.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>A</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->";
        var html = new WordPressContent(Site).Convert(content, 1).Html;

        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<br", html, StringComparison.Ordinal);
        var body = Body(html);
        Assert.Single(body.QuerySelectorAll("p"));
        Assert.Equal("A", body.QuerySelector("ul > li")!.TextContent);
    }

    [Fact]
    public void A_caption_becomes_a_figure_with_its_caption()
    {
        var html = new WordPressContent(Site).Convert("[caption id=\"attachment_40\" width=\"300\"]<a href=\"/x\"><img src=\"/p.jpg\" alt=\"A pack\" /></a> Warm for ten minutes[/caption]", 1).Html;
        var figure = Body(html).QuerySelector("figure")!;

        Assert.NotNull(figure.QuerySelector("a > img[alt='A pack']"));
        Assert.Equal("Warm for ten minutes", figure.QuerySelector("figcaption")!.TextContent);
        Assert.DoesNotContain("[caption", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gallery_becomes_figures_of_the_images_it_names_and_reports_the_missing_one()
    {
        var converted = new WordPressContent(Site).Convert("[gallery ids=\"40, 41,99\" columns=\"2\"]", 101);
        var items = Body(converted.Html).QuerySelectorAll("figure.gallery > figure");

        Assert.Equal(2, items.Length);
        Assert.Equal("https://calmcorner.example/wp-content/uploads/2026/03/a.jpg", items[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("The first picture", items[0].QuerySelector("figcaption")!.TextContent);
        Assert.Contains(converted.Notes, n => n.Contains("99", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gallery_without_ids_shows_the_images_attached_to_its_post()
    {
        var converted = new WordPressContent(Site).Convert("[gallery]", 101);
        Assert.Equal(2, Body(converted.Html).QuerySelectorAll("figure.gallery img").Length);
    }

    [Fact]
    public void Other_shortcodes_are_removed_keeping_their_text_and_are_named_in_the_notes()
    {
        var converted = new WordPressContent(Site).Convert(
            "[contact-form-7 id=\"12\" title=\"Ask us\"]\n\n[su_note color=\"#eee\"]Rest first.[/su_note]\n\nIt was hard [sic] but fine.", 1);

        Assert.DoesNotContain("[contact-form-7", converted.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("su_note", converted.Html, StringComparison.Ordinal);
        Assert.Contains("Rest first.", converted.Html, StringComparison.Ordinal);
        Assert.Contains("hard [sic] but", converted.Html, StringComparison.Ordinal);
        Assert.Contains(converted.Notes, n => n.Contains("[contact-form-7]", StringComparison.Ordinal));
        Assert.Contains(converted.Notes, n => n.Contains("[su_note]", StringComparison.Ordinal) && n.Contains("text inside", StringComparison.Ordinal));
    }

    [Fact]
    public void An_escaped_shortcode_shows_as_text()
    {
        var html = new WordPressContent(Site).Convert("Type [[gallery]] to show a gallery.", 1).Html;
        Assert.Contains("Type [gallery] to show", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeds_become_link_cards_titled_only_when_the_block_carries_a_title()
    {
        const string content = """
            <!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video","providerNameSlug":"youtube"} -->
            <figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
            https://www.youtube.com/watch?v=abc
            </div><figcaption class="wp-element-caption">A seated stretch</figcaption></figure>
            <!-- /wp:embed -->

            <!-- wp:embed {"url":"https://open.spotify.com/episode/x1","providerNameSlug":"spotify","title":"Rest is not a reward"} -->
            <figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
            https://open.spotify.com/episode/x1
            </div></figure>
            <!-- /wp:embed -->
            """;
        var body = Body(new WordPressContent(Site).Convert(content, 1).Html);
        var cards = body.QuerySelectorAll("figure.embed-card");

        Assert.Equal(2, cards.Length);
        Assert.Equal("https://www.youtube.com/watch?v=abc", cards[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("YouTube", cards[0].QuerySelector(".embed-card-provider")!.TextContent);
        Assert.Null(cards[0].QuerySelector(".embed-card-title"));
        Assert.Equal("A seated stretch", cards[0].QuerySelector("figcaption")!.TextContent);
        Assert.Equal("Spotify", cards[1].QuerySelector(".embed-card-provider")!.TextContent);
        Assert.Equal("Rest is not a reward", cards[1].QuerySelector(".embed-card-title")!.TextContent);
        Assert.Empty(body.QuerySelectorAll("iframe, script"));
    }

    [Fact]
    public void In_classic_posts_a_known_providers_address_alone_on_its_line_and_the_embed_shortcode_become_cards()
    {
        var body = Body(new WordPressContent(Site).Convert("Watch this:\n\nhttps://vimeo.com/1234\n\n[embed]https://www.youtube.com/watch?v=q[/embed]\n\nhttps://example.org/not-a-provider", 1).Html);

        var providers = body.QuerySelectorAll(".embed-card-provider").Select(p => p.TextContent).ToList();
        Assert.Equal(["Vimeo", "YouTube"], providers);
        Assert.Contains("https://example.org/not-a-provider", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpts_lose_their_shortcodes_and_keep_the_words()
    {
        Assert.Equal("Tried over a winter. ", WordPressContent.PlainExcerpt("[su_highlight]Tried over a winter.[/su_highlight] [gallery ids=\"1\"]"));
    }

    [Fact]
    public void Blocks_that_showed_live_wordpress_data_are_named_in_the_notes()
    {
        var converted = new WordPressContent(Site).Convert(
            "<!-- wp:image {\"id\":40} -->\n<figure class=\"wp-block-image\"><img src=\"/a.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->\n\n<!-- wp:latest-posts {\"postsToShow\":3} /-->", 1);
        Assert.Equal(["The \"latest-posts\" block shows live WordPress data and was left out."], converted.Notes);
        Assert.Equal("<figure class=\"wp-block-image\"><img src=\"/a.jpg\" alt=\"\"/></figure>", converted.Html);
    }
}
