namespace FibroStore.Editorial.Tests;

public sealed class ArticlePageTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    private const string Body = """
        An introduction paragraph.

        ## What researchers found

        - first point
        - second point

        ### A closer look

        | Evidence | Strength |
        | --- | --- |
        | Antibody transfer | Early |

        > A calm quote.

        [[product:heat-pad]]

        [[product:no-such-product]]

        ## Conclusion

        The end.
        """;

    [Fact]
    public async Task Article_page_shows_toc_anchors_table_references_cards_and_structured_data()
    {
        var (_, slug) = await store.PublishAsync("Immune system and fibromyalgia", Body,
            "Goebel A, et al. Passive transfer of fibromyalgia symptoms. *J Clin Invest*, 2021.\nClauw DJ. Fibromyalgia: a clinical review. *JAMA*, 2014.", "Research");
        using var client = store.CreateBrowserClient();
        var html = Html.Decode(await client.GetPageAsync($"/articles/{slug}"));

        Assert.Contains("<h2 id=\"what-researchers-found\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#what-researchers-found\">What researchers found</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#a-closer-look\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"table-scroll\"><table>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote>", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"references\"><li id=\"ref-1\">Goebel A", html, StringComparison.Ordinal);
        Assert.Contains("<em>JAMA</em>", html, StringComparison.Ordinal);
        Assert.Contains("Gentle heat pad", html, StringComparison.Ordinal);
        Assert.Contains("£24.50", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-product", html, StringComparison.Ordinal);
        Assert.Contains("\"@type\":\"BreadcrumbList\"", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://127.0.0.1:5080/articles/{slug}\"", html, StringComparison.Ordinal);
        Assert.Contains("property=\"og:title\"", html, StringComparison.Ordinal);
        Assert.Contains("Posted in <a href=\"/articles/category/general\">General</a>", html, StringComparison.Ordinal);
        Assert.Contains("It is not medical advice", html, StringComparison.Ordinal);
        Assert.Contains("data-antiforgery", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_product_slug_is_a_warning_for_the_editor_not_a_broken_page()
    {
        var saved = await store.SaveAsync(EditorialStore.Form("Cards and warnings", "Text.\n\n[[product:missing-thing]]\n\nInline [[product:heat-pad]] here."),
            Pages.Staff.Articles.EditArticle.SaveIntent.Publish);

        Assert.True(saved.IsDone, saved.Refusal?.Message);
        Assert.Contains(saved.Value.Warnings, w => w.Contains("missing-thing", StringComparison.Ordinal));
        Assert.Contains(saved.Value.Warnings, w => w.Contains("inside other text", StringComparison.Ordinal));
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/articles/cards-and-warnings");
        Assert.DoesNotContain("[[product:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_card_in_an_article_writes_its_price_as_the_rest_of_the_store_does()
    {
        var slug = "maple-heat-wrap-" + Guid.NewGuid().ToString("N")[..6];
        store.Catalog.Products[slug] = new(Guid.NewGuid(), slug, "Maple heat wrap", "/shop/" + slug, 24.50m, 1299m, "CAD", null, null, "In stock", true);
        var (_, article) = await store.PublishAsync("Warmth in winter", $"Heat helps.\n\n[[product:{slug}]]\n");
        using var client = store.CreateBrowserClient();

        var card = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetPageAsync($"/articles/{article}"))
            .QuerySelectorAll("aside.shop-pick").Single(a => a.TextContent.Contains("Maple heat wrap", StringComparison.Ordinal));
        var price = card.QuerySelector(".product-price")!;
        Assert.Equal("CA$1,299.00", price.QuerySelector("s")!.TextContent);
        Assert.StartsWith("CA$24.50", price.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("CAD", card.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_is_tagged_with_its_products_and_is_evicted_when_a_product_changes()
    {
        var (_, slug) = await store.PublishAsync("Heat and comfort", "Warmth helps.\n\n[[product:sleep-mask]]\n");
        using var client = store.CreateBrowserClient();
        Assert.Contains("£9.00", Html.Decode(await client.GetPageAsync($"/articles/{slug}")), StringComparison.Ordinal);

        store.Catalog.Products["sleep-mask"] = store.Catalog.Products["sleep-mask"] with { Price = 7.5m };
        Assert.Contains("£9.00", Html.Decode(await client.GetPageAsync($"/articles/{slug}")), StringComparison.Ordinal);
        await store.InScopeAsync(sp => sp.GetRequiredService<FibroStore.SharedKernel.Clustering.IPageCache>()
            .EvictAsync(FibroStore.Catalog.Contracts.CatalogCacheTags.Product("sleep-mask"), CancellationToken.None));
        await WaitForAsync(async () => Html.Decode(await client.GetPageAsync($"/articles/{slug}")).Contains("£7.50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Home_and_archives_list_articles_with_pagination()
    {
        for (var i = 1; i <= 11; i++)
            await store.PublishAsync($"Paging article {i}", $"Body {i}.", "", "Paging");
        using var client = store.CreateBrowserClient();

        var home = await client.GetPageAsync("/");
        Assert.Contains("Paging article 11", home, StringComparison.Ordinal);
        Assert.Contains("action=\"/subscribe\"", home, StringComparison.Ordinal);
        Assert.Contains("Gentle heat pad", home, StringComparison.Ordinal);

        var tag = await client.GetPageAsync("/articles/tag/paging");
        Assert.Contains("Page 1 of 2", tag, StringComparison.Ordinal);
        var second = await client.GetPageAsync("/articles/tag/paging?page=2");
        Assert.Contains("Paging article 1<", second, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/articles/tag/paging?page=9")).StatusCode);
        Assert.Contains("Ruth Ellison", await client.GetPageAsync("/articles/author/ruth-ellison"), StringComparison.Ordinal);
        Assert.Contains("Paging article", await client.GetPageAsync("/articles/category/general"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/articles/category/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task A_changed_slug_answers_301_from_the_old_address()
    {
        var (id, slug) = await store.PublishAsync("Old title for slug", "Text.");
        var form = EditorialStore.Form("Old title for slug", "Text.");
        form.Slug = "new-address-for-slug";
        var saved = await store.SaveAsync(form, Pages.Staff.Articles.EditArticle.SaveIntent.Save, id);
        Assert.True(saved.IsDone, saved.Refusal?.Message);

        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync($"/articles/{slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/articles/new-address-for-slug", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Feed_sitemap_and_robots_list_published_articles_only()
    {
        var (_, slug) = await store.PublishAsync("In the feed", "Text.");
        await store.SaveAsync(EditorialStore.Form("Secret draft", "Text."), Pages.Staff.Articles.EditArticle.SaveIntent.Save);
        using var client = store.CreateBrowserClient();

        var feed = await client.GetPageAsync("/feed.xml");
        Assert.Contains("<title>In the feed</title>", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret draft", feed, StringComparison.Ordinal);
        Assert.Contains("In the feed", await client.GetPageAsync("/articles/category/general/feed.xml"), StringComparison.Ordinal);
        var sitemap = await client.GetPageAsync("/sitemap.xml");
        Assert.Contains($"/articles/{slug}</loc>", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-draft", sitemap, StringComparison.Ordinal);
        Assert.Contains("Sitemap: http://127.0.0.1:5080/sitemap.xml", await client.GetPageAsync("/robots.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ranks_titles_highlights_matches_and_forgives_a_typo()
    {
        await store.PublishAsync("Magnesium and muscle cramps", "Some people try magnesium for cramps at night.");
        await store.PublishAsync("Evening routines", "A gentle routine. Magnesium is mentioned once.");
        using var client = store.CreateBrowserClient();

        var html = await client.GetPageAsync("/search?q=magnesium");
        var first = html.IndexOf("Magnesium and muscle cramps", StringComparison.Ordinal);
        var second = html.IndexOf("Evening routines", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, "The article with the word in its title should rank first.");
        Assert.Contains("<mark>", html, StringComparison.Ordinal);

        Assert.Contains("Magnesium and muscle cramps", await client.GetPageAsync("/search?q=magnesim%20cramps"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_makes_the_same_number_of_queries_whatever_its_replies_and_cards()
    {
        var (small, smallSlug) = await store.PublishAsync("Few replies", "Text.");
        var (big, bigSlug) = await store.PublishAsync("Many replies", "Text.\n\n[[product:heat-pad]]\n\n[[product:sleep-mask]]\n");
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            for (var i = 0; i < 30; i++)
                db.Replies.Add(new Reply
                {
                    Id = Guid.NewGuid(), ArticleId = big, AuthorName = $"Reader {i}", Email = "r@example.org", Body = "Hi", BodyHtml = "<p>Hi</p>",
                    Status = ReplyStatus.Approved, CreatedAt = DateTimeOffset.UtcNow, NotifyToken = Guid.NewGuid().ToString("N"),
                });
            db.Replies.Add(new Reply
            {
                Id = Guid.NewGuid(), ArticleId = small, AuthorName = "One", Email = "r@example.org", Body = "Hi", BodyHtml = "<p>Hi</p>",
                Status = ReplyStatus.Approved, CreatedAt = DateTimeOffset.UtcNow, NotifyToken = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        });
        using var client = store.CreateBrowserClient();

        store.Commands.Reset();
        var calls = store.Catalog.Calls;
        await client.GetPageAsync($"/articles/{smallSlug}");
        var fewQueries = store.Commands.Count;
        store.Commands.Reset();
        await client.GetPageAsync($"/articles/{bigSlug}");
        var manyQueries = store.Commands.Count;

        Assert.Equal(fewQueries, manyQueries);
        Assert.InRange(manyQueries, 1, 8);
        Assert.Equal(calls + 1, store.Catalog.Calls);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail("The condition did not become true in 5 seconds.");
    }
    [Fact]
    public async Task Publish_dates_and_reply_times_show_in_the_store_time_zone()
    {
        var (id, slug) = await store.PublishAsync("Late night publication", "Text.");
        // 23:30 UTC on 1 July is 00:30 on 2 July in London, the store's default zone, on summer time.
        var late = new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero);
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.PublishedAt, late));
            db.Replies.Add(new Reply
            {
                Id = Guid.NewGuid(), ArticleId = id, AuthorName = "Night owl", Email = "owl@example.org", Body = "Up late.", BodyHtml = "<p>Up late.</p>",
                Status = ReplyStatus.Approved, CreatedAt = late, ApprovedAt = late, NotifyToken = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        });
        using var reader = store.CreateBrowserClient();

        var page = await reader.GetPageAsync($"/articles/{slug}");

        Assert.Contains("<time datetime=\"2026-07-02\">2 July 2026</time>", page, StringComparison.Ordinal);
        Assert.Contains("2 July 2026 at 00:30", page, StringComparison.Ordinal);
    }
}
