using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>The store after importing the Calm Corner export and its uploads zip once.</summary>
public sealed class ImportedCalmCorner : EditorialStore
{
    public string ImportPage { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (response, html) = await WordPressExport.ImportAsync(this, WordPressExport.Calm(), WordPressExport.CalmUploads());
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        ImportPage = html;
        // Information pages travel to BackOffice through the outbox.
        await DrainOutboxAsync();
    }
}

public sealed partial class WordPressImportTests(ImportedCalmCorner store) : IClassFixture<ImportedCalmCorner>
{
    private const string Classic = "/articles/five-gentle-ways-to-ease-morning-stiffness";
    private const string Blocks = "/articles/pacing-with-a-notebook";

    private async Task<IElement> ArticleAsync(string path)
    {
        using var reader = store.CreateBrowserClient();
        var response = await reader.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return WordPressExport.Parse(html).QuerySelector("article.article")!;
    }

    [Fact]
    public async Task A_classic_post_shows_figures_with_captions_a_gallery_and_no_shortcode()
    {
        var article = await ArticleAsync(Classic);
        var body = article.QuerySelector(".article-body")!;

        Assert.DoesNotMatch(RawShortcode(), body.InnerHtml);
        var caption = body.QuerySelector("figure.wp-caption")!;
        Assert.StartsWith("/media/editorial/wp/", caption.QuerySelector("img")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("A heat pack resting on a shoulder", caption.QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal("A warm wheat pack for ten minutes before getting up", caption.QuerySelector("figcaption")!.TextContent.Trim());
        var gallery = body.QuerySelectorAll("figure.gallery > figure");
        Assert.Equal(2, gallery.Length);
        Assert.All(gallery, f => Assert.StartsWith("/media/editorial/wp/", f.QuerySelector("img")!.GetAttribute("src"), StringComparison.Ordinal));
        Assert.Equal("Chamomile tea before bed", gallery[1].QuerySelector("figcaption")!.TextContent);
        Assert.Contains("Remember to rest between each step.", body.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"hard [sic] but getting easier\"", body.TextContent, StringComparison.Ordinal);
        Assert.Empty(body.QuerySelectorAll("form, iframe"));
    }

    [Fact]
    public async Task Lists_and_code_get_no_line_breaks_and_classic_text_gets_paragraphs()
    {
        var body = (await ArticleAsync(Classic)).QuerySelector(".article-body")!;

        Assert.Empty(body.QuerySelectorAll("ul br, ol br, pre br, li br"));
        Assert.Equal(5, body.QuerySelectorAll("ul > li").Length);
        Assert.Equal("07:00 heat pack\n07:10 gentle stretches\n\n07:30 breakfast sitting down", body.QuerySelector("pre code")!.TextContent);
        var pacing = body.QuerySelectorAll("p").Single(p => p.TextContent.StartsWith("Pacing matters", StringComparison.Ordinal));
        Assert.Single(pacing.QuerySelectorAll("br"));
        Assert.DoesNotContain(body.QuerySelectorAll("p"), p => p.TextContent.Trim().Length == 0 && p.Children.Length == 0);
    }

    [Fact]
    public async Task A_block_editor_post_gets_no_added_paragraphs_or_breaks()
    {
        var body = (await ArticleAsync(Blocks)).QuerySelector(".article-body")!;

        Assert.Empty(body.QuerySelectorAll("br"));
        Assert.DoesNotContain(body.QuerySelectorAll("p"), p => p.TextContent.Trim().Length == 0 && p.Children.Length == 0);
        Assert.DoesNotContain("wp:", body.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(3, body.QuerySelectorAll("ul > li").Length);
        Assert.Equal("Mon  green  amber  rest\nTue  amber  rest   green\n\nWed  rest   green  amber", body.QuerySelector("pre code")!.TextContent);
        var figure = body.QuerySelectorAll("figure").Single(f => f.QuerySelector(":scope > img[alt^='An open notebook']") is not null);
        Assert.StartsWith("/media/editorial/wp/", figure.QuerySelector("img")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("One reader's week, planned on a Sunday evening", figure.QuerySelector("figcaption")!.TextContent);
        Assert.Single(body.QuerySelectorAll("figure.gallery > figure"));
        Assert.Contains("Everything here is shared experience, not medical advice.", body.TextContent, StringComparison.Ordinal);
        Assert.Equal("I stopped counting steps and started counting rests.", body.QuerySelector("blockquote p")!.TextContent);
    }

    [Fact]
    public async Task Embeds_are_link_cards_with_the_provider_and_address_and_load_nothing_from_the_provider()
    {
        var article = await ArticleAsync(Blocks);
        var cards = article.QuerySelectorAll("figure.embed-card");

        Assert.Equal(2, cards.Length);
        Assert.Equal("YouTube", cards[0].QuerySelector(".embed-card-provider")!.TextContent);
        Assert.Equal("https://www.youtube.com/watch?v=z9x8c7v6b5n", cards[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(cards[0].QuerySelector(".embed-card-title"));
        Assert.Equal("A five-minute seated stretch", cards[0].QuerySelector("figcaption")!.TextContent);
        Assert.Equal("Rest is not a reward", cards[1].QuerySelector(".embed-card-title")!.TextContent);
        // Nothing on the page loads from another site: every src is the store's own.
        Assert.All(article.QuerySelectorAll("[src]"), e => Assert.StartsWith("/", e.GetAttribute("src"), StringComparison.Ordinal));

        var classic = await ArticleAsync(Classic);
        Assert.Equal(["YouTube", "Vimeo"], classic.QuerySelectorAll(".embed-card-provider").Select(p => p.TextContent).ToArray());
    }

    [Fact]
    public async Task The_featured_image_all_categories_and_no_disclaimer_by_default()
    {
        var blocks = await ArticleAsync(Blocks);
        var image = blocks.QuerySelector("img.article-image")!;
        Assert.StartsWith("/media/editorial/wp/", image.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("An open notebook with a week planned in short blocks", image.GetAttribute("alt"));

        var classic = await ArticleAsync(Classic);
        var categories = classic.QuerySelectorAll(".article-header .meta a[href^='/articles/category/']").Select(a => a.TextContent).ToList();
        Assert.Equal(["Daily living", "Research"], categories);
        Assert.Null(classic.QuerySelector(".disclaimer"));

        // Listed under each of its categories, with an excerpt free of shortcodes.
        using var reader = store.CreateBrowserClient();
        foreach (var list in new[] { "/articles/category/research", "/articles/category/daily-living" })
        {
            var page = await reader.GetPageAsync(list);
            Assert.Contains("Five gentle ways to ease morning stiffness", page, StringComparison.Ordinal);
            Assert.DoesNotMatch(RawShortcode(), WordPressExport.Parse(page).QuerySelector("main")!.TextContent);
        }
        var research = await reader.GetPageAsync("/articles/category/research");
        Assert.Contains("Tried over a whole winter.", research, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_post_stays_scheduled_at_its_time_and_a_draft_keeps_a_real_date()
    {
        var (scheduled, draft) = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            return (await db.Articles.SingleAsync(a => a.Title == "What we learned from the winter survey"),
                await db.Articles.SingleAsync(a => a.Title == "Notes on weighted blankets"));
        });
        Assert.Equal(ArticleStatus.Scheduled, scheduled.Status);
        Assert.Equal(new DateTimeOffset(2030, 1, 15, 9, 0, 0, TimeSpan.Zero), scheduled.PublishAt);
        Assert.Null(scheduled.PublishedAt);
        using var reader = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/articles/{scheduled.Slug}")).StatusCode);

        Assert.Equal(ArticleStatus.Draft, draft.Status);
        Assert.Null(draft.PublishedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 20, 3, 51, TimeSpan.Zero), draft.CreatedAt);
        Assert.Equal("notes-on-weighted-blankets", draft.Slug);
    }

    [Fact]
    public async Task Approved_comments_show_threaded_with_links_marked_held_ones_wait_for_moderation_and_spam_is_left_out()
    {
        var html = await store.CreateBrowserClient().GetPageAsync(Classic);
        var replies = WordPressExport.Parse(html).QuerySelector("#replies")!;
        Assert.Equal(2, replies.QuerySelectorAll("li.reply").Length);
        Assert.Contains("So glad it helped", replies.QuerySelector("ol.reply-children")!.TextContent, StringComparison.Ordinal);
        var link = replies.QuerySelectorAll(".reply-body a").Single();
        Assert.Equal("https://stretch-guide.example/mornings", link.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", link.GetAttribute("rel"));
        Assert.DoesNotContain("hand stiffness", replies.TextContent, StringComparison.Ordinal);

        var stored = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies
            .Where(r => r.Article.Slug == "five-gentle-ways-to-ease-morning-stiffness").Select(r => new { r.AuthorName, r.Status }).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.Equal(ReplyStatus.Pending, stored.Single(r => r.AuthorName == "Dev").Status);
        Assert.DoesNotContain(stored, r => r.AuthorName is "Cheap Pills Online" or "Anon" or "Gentle Living Blog");

        var (moderator, _) = await store.SignInNewUserAsync(FibroStore.SharedKernel.Security.StaffRoles.Editor);
        var queue = await moderator.GetPageAsync("/staff/replies");
        Assert.Contains("Does the heat pack help with hand stiffness too?", queue, StringComparison.Ordinal);

        Assert.Contains("Comments not imported: 1 spam, 1 in the trash, 1 pingbacks and others", WebUtility.HtmlDecode(store.ImportPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_become_information_pages_and_the_stores_own_pages_are_kept()
    {
        using var reader = store.CreateBrowserClient();
        var about = await reader.GetPageAsync("/pages/about-us");
        Assert.Contains("Calm Corner began in 2019 as a kitchen-table newsletter", about, StringComparison.Ordinal);
        Assert.Contains("<h1>About us</h1>", about, StringComparison.Ordinal);

        var shipping = await reader.GetPageAsync("/shipping");
        Assert.DoesNotContain("We post orders within three days.", shipping, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/pages/cart")).StatusCode);
    }

    public static TheoryData<string, string> MovedAddresses => new()
    {
        { "/2026/03/five-gentle-ways-to-ease-morning-stiffness/", Classic },
        { "/2026/03/morning-stiffness-tips/", Classic },
        { "/?p=101", Classic },
        { "/index.php?p=101", Classic },
        { "/?p=102", Blocks },
        { "/2026/04/pacing-with-a-notebook", Blocks },
        { "/category/research/", "/articles/category/research" },
        { "/category/research/page/2/", "/articles/category/research?page=2" },
        { "/category/daily-living/sleep/", "/articles/category/sleep" },
        { "/category/research/feed/", "/articles/category/research/feed.xml" },
        { "/?cat=4", "/articles/category/research" },
        { "/tag/pacing/", "/articles/tag/pacing" },
        { "/tag/pacing/page/3/", "/articles/tag/pacing?page=3" },
        { "/tag/pacing/feed/", "/feed.xml" },
        { "/?tag=pacing", "/articles/tag/pacing" },
        { "/author/ruth/", "/articles/author/ruth-ellison" },
        { "/author/sam-okafor/", "/articles/author/sam-okafor" },
        { "/author/ruth/page/2/", "/articles/author/ruth-ellison?page=2" },
        { "/?author=3", "/articles/author/sam-okafor" },
        { "/feed/", "/feed.xml" },
        { "/feed/atom/", "/feed.xml" },
        { "/?feed=rss2", "/feed.xml" },
        { "/page/2/", "/articles?page=2" },
        { "/2026/", "/articles/archive/2026" },
        { "/2026/03/", "/articles/archive/2026/03" },
        { "/2026/03/10/", "/articles/archive/2026/03/10" },
        { "/2026/page/2/", "/articles/archive/2026?page=2" },
        { "/?m=202604", "/articles/archive/2026/04" },
        { "/about-us/", "/pages/about-us" },
        { "/?page_id=201", "/pages/about-us" },
        { "/?p=201", "/pages/about-us" },
        { "/?s=heat+pack", "/search?q=heat%20pack" },
    };

    [Theory]
    [MemberData(nameof(MovedAddresses))]
    public async Task An_old_address_moves_permanently_to_its_page_here(string oldAddress, string expected)
    {
        using var reader = store.CreateBrowserClient();
        var response = await reader.GetAsync(oldAddress);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/category/research/")]
    [InlineData("/2026/03/")]
    [InlineData("/?p=101")]
    [InlineData("/about-us/")]
    [InlineData("/author/ruth/")]
    public async Task Following_an_old_address_ends_on_a_page_that_answers(string oldAddress)
    {
        using var reader = store.CreateBrowserClient();
        var location = (await reader.GetAsync(oldAddress)).Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task Old_image_addresses_lead_to_the_stored_copies_and_a_missing_image_is_gone()
    {
        using var reader = store.CreateBrowserClient();
        foreach (var path in new[]
                 {
                     "/wp-content/uploads/2026/03/heat-pack-on-shoulder.jpg",
                     "/wp-content/uploads/2026/03/heat-pack-on-shoulder-300x200.jpg",
                     "/wp-content/uploads/2026/03/heat-pack-on-shoulder-1024x683.jpg",
                     "/wp-content/uploads/2026/03/evening-tea.jpg",
                     "/?attachment_id=42",
                     // An image's own page in WordPress: its link in the export, and its id under "/?p=".
                     "/?p=42",
                     "/notebook-pacing/",
                     "/2026/03/five-gentle-ways-to-ease-morning-stiffness/heat-pack-on-shoulder/",
                 })
        {
            var response = await reader.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, path);
            var image = await reader.GetAsync(response.Headers.Location!.OriginalString);
            Assert.True(image.StatusCode == HttpStatusCode.OK, path);
            Assert.StartsWith("image/", image.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        }
        var original = (await reader.GetAsync("/wp-content/uploads/2026/03/heat-pack-on-shoulder.jpg")).Headers.Location;
        Assert.Equal(original, (await reader.GetAsync("/wp-content/uploads/2026/03/heat-pack-on-shoulder-1024x683.jpg")).Headers.Location);

        Assert.Equal(HttpStatusCode.Gone, (await reader.GetAsync("/wp-content/uploads/2026/04/symptom-chart.png")).StatusCode);
        foreach (var page in new[] { "/?attachment_id=43", "/?p=43", "/symptom-chart/" })
            Assert.True((await reader.GetAsync(page)).StatusCode == HttpStatusCode.Gone, page);
        Assert.Equal(HttpStatusCode.Gone, (await reader.GetAsync("/wp-content/themes/calm/style.css")).StatusCode);
    }

    [Theory]
    [InlineData("/comments/feed/")]
    [InlineData("/2026/03/five-gentle-ways-to-ease-morning-stiffness/feed/")]
    public async Task Comment_feeds_are_gone_on_purpose(string oldAddress)
    {
        using var reader = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Gone, (await reader.GetAsync(oldAddress)).StatusCode);
    }

    [Theory]
    [InlineData("/?p=%00", HttpStatusCode.BadRequest)]
    [InlineData("/?page_id=1%00", HttpStatusCode.BadRequest)]
    [InlineData("/?feed=%00", HttpStatusCode.BadRequest)]
    [InlineData("/index.php?p=%00", HttpStatusCode.MovedPermanently)]
    public async Task A_plain_link_with_a_control_character_is_not_an_old_address(string address, HttpStatusCode expected)
    {
        using var reader = store.CreateBrowserClient();
        Assert.Equal(expected, (await reader.GetAsync(address)).StatusCode);
    }

    [Fact]
    public async Task The_home_page_without_an_old_query_is_still_the_home_page()
    {
        using var reader = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/?utm_source=newsletter")).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await reader.GetAsync("/index.php")).StatusCode);
    }

    [Fact]
    public async Task The_report_names_each_skipped_or_changed_item_with_its_reason_and_downloads_as_csv()
    {
        var page = WebUtility.HtmlDecode(store.ImportPage);
        Assert.Contains("Articles: 4 added, 0 updated, 0 unchanged", page, StringComparison.Ordinal);
        Assert.Contains("Information pages added or updated: 1", page, StringComparison.Ordinal);

        var csv = await WordPressExport.ReportCsvAsync(store, store.ImportPage);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Kind,WordPress id,Title,Outcome,Reason", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        string Line(string kind, string id) => lines.Single(l => l.StartsWith($"{kind},{id},", StringComparison.Ordinal));

        var classic = Line("post", "101");
        Assert.Contains("[contact-form-7] was removed", classic, StringComparison.Ordinal);
        Assert.Contains("[su_note] was removed; the text inside it was kept", classic, StringComparison.Ordinal);
        Assert.Contains("Gallery image 99 is not in the export", classic, StringComparison.Ordinal);
        Assert.Contains("became a link card", classic, StringComparison.Ordinal);
        Assert.Contains("1 waiting in the moderation queue", Line("comments", "101"), StringComparison.Ordinal);
        Assert.Contains("1 spam not imported", Line("comments", "101"), StringComparison.Ordinal);
        Assert.Contains("1 in the trash not imported", Line("comments", "101"), StringComparison.Ordinal);
        Assert.True(Line("post", "102").Contains("latest-posts", StringComparison.Ordinal), csv);
        Assert.Contains("Scheduled", Line("post", "103"), StringComparison.Ordinal);
        Assert.Contains("draft", Line("post", "104"), StringComparison.Ordinal);
        Assert.Contains("skipped", Line("page", "202"), StringComparison.Ordinal);
        Assert.Contains("WooCommerce", Line("page", "203"), StringComparison.Ordinal);
        Assert.Contains("Not in the uploads zip", Line("image", "43"), StringComparison.Ordinal);
        Assert.Contains("Navigation menu", lines.Single(l => l.StartsWith("nav_menu_item,", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    // A WordPress shortcode as readers would see it raw: [name], [name attr="…"] or [/name]. "[sic]" is text, not a shortcode.
    [GeneratedRegex(@"\[/?(?!sic\])[a-z][\w-]*(?:\s[^\]]*)?\]")]
    private static partial Regex RawShortcode();
}
