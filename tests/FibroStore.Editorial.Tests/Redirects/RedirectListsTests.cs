using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FibroStore.TestKit;

namespace FibroStore.Editorial.Tests.Redirects;

/// <summary>
/// Finding things in the redirects manager's two lists once they are long (a WordPress site brings thousands of old
/// addresses): search, pages, and the times shown.
/// </summary>
public sealed class RedirectListsTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Manager = "/staff/redirects";
    private const string Log = "/staff/redirects/not-found";

    private static string Token() => "t" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<IDocument> PageAsync(BrowserClient editor, string url) => new HtmlParser().ParseDocument(await editor.GetPageAsync(url));

    private static Task<IDocument> SearchAsync(BrowserClient editor, string list, string text, string? page = null) =>
        PageAsync(editor, $"{list}?q={Uri.EscapeDataString(text)}{(page is null ? "" : "&p=" + Uri.EscapeDataString(page))}");

    /// <summary>The old address of each row, in the order shown.</summary>
    private static List<string> Paths(IDocument page) =>
        page.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelector("td code")!.TextContent).ToList();

    private static string Text(IDocument page) => page.QuerySelector("main")!.TextContent.ReplaceLineEndings(" ");

    private async Task AddMissingAsync(params (string Path, int Hits)[] rows)
    {
        foreach (var (path, hits) in rows)
            await store.SqlAsync("INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at) VALUES (@path, @hits, now(), now())",
                ("path", path), ("hits", hits));
    }

    private async Task AddRedirectAsync(string from, string? target, int hits = 0, Guid? articleId = null, DateTimeOffset? lastHitAt = null) =>
        await store.SqlAsync("""
            INSERT INTO editorial.redirects (from_path, article_id, target_path, source, created_at, updated_at, hits, last_hit_at)
            VALUES (@from, @article, @target, 'wordpress-post', now(), now(), @hits, @last)
            """, ("from", from), ("article", (object?)articleId ?? DBNull.Value), ("target", (object?)target ?? DBNull.Value), ("hits", hits),
            ("last", (object?)lastHitAt ?? DBNull.Value));

    [Fact]
    public async Task The_404_log_finds_addresses_by_any_part_ignoring_case_and_takes_like_wildcards_as_letters()
    {
        var t = Token();
        await AddMissingAsync(($"/{t}/100%-cotton-wrap", 5), ($"/{t}/heat_pack", 4), ($"/{t}/heatxpack", 3), ($"/{t}/back\\slash", 2), ($"/{t}/plain", 1));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var underscore = await SearchAsync(editor, Log, $"  {t.ToUpperInvariant()}/HEAT_PACK ");
        var percent = await SearchAsync(editor, Log, "%");
        var backslash = await SearchAsync(editor, Log, "K\\S");
        var nothing = await SearchAsync(editor, Log, $"{t}/no-such-thing");

        Assert.Equal([$"/{t}/heat_pack"], Paths(underscore));
        Assert.Contains($"1 address contains “{t.ToUpperInvariant()}/HEAT_PACK”.", Text(underscore), StringComparison.Ordinal);
        Assert.Equal($"{t.ToUpperInvariant()}/HEAT_PACK", underscore.QuerySelector("#q")!.GetAttribute("value"));
        Assert.Contains($"/{t}/100%-cotton-wrap", Paths(percent));
        Assert.DoesNotContain($"/{t}/plain", Paths(percent));
        Assert.All(Paths(percent), p => Assert.Contains("%", p, StringComparison.Ordinal));
        Assert.Equal([$"/{t}/back\\slash"], Paths(backslash));
        Assert.Empty(Paths(nothing));
        Assert.Contains($"No address contains “{t}/no-such-thing”.", Text(nothing), StringComparison.Ordinal);
        Assert.Equal("/staff/redirects/not-found", nothing.QuerySelectorAll("main a").Single(a => a.TextContent == "Show every address").GetAttribute("href"));
    }

    [Fact]
    public async Task The_404_log_shows_a_hundred_addresses_a_page_with_links_that_keep_the_search_and_clamps_odd_page_numbers()
    {
        var t = Token();
        await store.SqlAsync("""
            INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at)
            SELECT '/' || @t || '/page-' || lpad(i::text, 3, '0'), 1000 - i, now(), now() FROM generate_series(1, 150) i
            """, ("t", t));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var expected = Enumerable.Range(1, 150).Select(i => $"/{t}/page-{i:000}").ToList();

        var first = await SearchAsync(editor, Log, t);
        var nextHref = WebUtility.HtmlDecode(first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!);
        var second = await PageAsync(editor, nextHref);
        var previousHref = WebUtility.HtmlDecode(second.QuerySelector("nav.pager a[rel=prev]")!.GetAttribute("href")!);

        Assert.Equal(expected[..100], Paths(first));
        Assert.Contains($"150 addresses contain “{t}”.", Text(first), StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", Text(first), StringComparison.Ordinal);
        Assert.Null(first.QuerySelector("nav.pager a[rel=prev]"));
        Assert.Equal($"{Log}?q={t}&p=2", nextHref);
        Assert.Equal(expected[100..], Paths(second));
        Assert.Contains("Page 2 of 2", Text(second), StringComparison.Ordinal);
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));
        Assert.Equal($"{Log}?q={t}&p=1", previousHref);

        foreach (var (asked, shown) in new[] { ("3", 2), ("99999999999", 2), ("0", 1), ("-4", 1), ("two", 1), ("1.5", 1), ("", 1) })
        {
            var page = await SearchAsync(editor, Log, t, asked);
            Assert.Equal(shown == 1 ? expected[..100] : expected[100..], Paths(page));
            Assert.Contains($"Page {shown} of 2", Text(page), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Manager)]
    [InlineData(Log)]
    public async Task A_null_character_is_refused_with_400_and_search_text_past_the_longest_address_is_cut(string list)
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var nul = await editor.GetAsync($"{list}?q=heat%00pack");
        var nulPage = await editor.GetAsync($"{list}?q=heat&p=%00");
        var longText = await SearchAsync(editor, list, new string('a', 399) + "\U0001F525" + new string('b', 100));

        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("null character", WebUtility.HtmlDecode(await nul.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nulPage.StatusCode);
        // 400 letters at most, and never half of the emoji that straddles the limit.
        Assert.Equal(new string('a', 399), longText.QuerySelector("#q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_redirects_list_finds_a_redirect_by_its_old_or_its_new_address_with_wildcards_taken_as_letters()
    {
        var t = Token();
        var slug = await store.PublishArticleAsync($"Sleep hygiene {t}", "An excerpt.", "Some words.");
        var articleId = await store.SqlAsync("SELECT id FROM editorial.articles WHERE slug = @slug", ("slug", slug));
        await AddRedirectAsync($"/old-a-{t}", $"/guides/{t}_sleep");
        await AddRedirectAsync($"/old-b-{t}", $"/guides/{t}xsleep");
        await AddRedirectAsync($"/2019/05/{t}-sleep-tips", null, articleId: (Guid)articleId!);
        var wrap = await store.AddSellableProductAsync($"Lavender wrap {t}", 12m, 3);
        await store.SqlAsync("INSERT INTO catalog.redirects (from_path, product_id, source, created_at, hits) VALUES (@from, @product, 'woocommerce-product', now(), 0)",
            ("from", $"/product/old-wrap-{t}"), ("product", wrap.ProductId));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var byOld = await SearchAsync(editor, Manager, $"OLD-A-{t}");
        var byNew = await SearchAsync(editor, Manager, $"{t.ToUpperInvariant()}_Sleep");
        var byArticle = await SearchAsync(editor, Manager, $"/articles/{slug}");
        var byProduct = await SearchAsync(editor, Manager, $"/products/lavender-wrap-{t}");
        var percent = await SearchAsync(editor, Manager, "%");

        Assert.Equal([$"/old-a-{t}"], Paths(byOld));
        Assert.Equal([$"/old-a-{t}"], Paths(byNew));
        Assert.Contains($"1 redirect matches “{t.ToUpperInvariant()}_Sleep”.", Text(byNew), StringComparison.Ordinal);
        Assert.Equal([$"/2019/05/{t}-sleep-tips"], Paths(byArticle));
        Assert.Equal($"/articles/{slug}", byArticle.QuerySelectorAll("tbody tr td")[1].TextContent.Trim());
        Assert.Equal([$"/product/old-wrap-{t}"], Paths(byProduct));
        Assert.Equal($"/products/{wrap.Slug}", byProduct.QuerySelectorAll("tbody tr td")[1].TextContent.Trim());
        Assert.DoesNotContain(Paths(percent), p => p.Contains(t, StringComparison.Ordinal));
        Assert.Contains("No redirect matches “%”.", Text(percent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_redirects_list_pages_through_the_site_and_shop_redirects_together_the_most_followed_first()
    {
        var t = Token();
        // Hits interleave the two kinds so that a page boundary falls between them: site redirects even, shop redirects odd.
        await store.SqlAsync("""
            INSERT INTO editorial.redirects (from_path, target_path, source, created_at, updated_at, hits)
            SELECT '/' || @t || '/old-' || lpad(i::text, 3, '0'), '/articles', 'wordpress-post', now(), now(), 100000 + 2 * i FROM generate_series(1, 120) i
            """, ("t", t));
        var wrap = await store.AddSellableProductAsync($"Heat wrap {t}", 15m, 2);
        await store.SqlAsync("""
            INSERT INTO catalog.redirects (from_path, product_id, source, created_at, hits)
            SELECT '/product/' || @t || '-' || lpad(i::text, 3, '0'), @product, 'woocommerce-product', now(), 100000 + 2 * i + 1 FROM generate_series(1, 30) i
            """, ("t", t), ("product", wrap.ProductId));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var first = await SearchAsync(editor, Manager, t);
        var second = await PageAsync(editor, WebUtility.HtmlDecode(first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!));
        var beyond = await SearchAsync(editor, Manager, t, "7");

        var shown = Paths(first).Concat(Paths(second)).ToList();
        var hits = first.QuerySelectorAll("tbody tr").Concat(second.QuerySelectorAll("tbody tr"))
            .Select(tr => long.Parse(tr.QuerySelectorAll("td")[3].TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(100, Paths(first).Count);
        Assert.Contains($"150 redirects match “{t}”.", Text(first), StringComparison.Ordinal);
        Assert.Equal(150, shown.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 120).Select(i => 100000L + 2 * i).Concat(Enumerable.Range(1, 30).Select(i => 100000L + 2 * i + 1)).OrderDescending(), hits);
        Assert.Contains($"/product/{t}-030", Paths(first));
        Assert.Contains($"/product/{t}-001", Paths(second));
        Assert.Equal(Paths(second), Paths(beyond));
        Assert.Contains("Page 2 of 2", Text(beyond), StringComparison.Ordinal);
        // Removing a redirect comes back to the same search and page.
        var remove = WebUtility.HtmlDecode(second.QuerySelector("tbody form")!.GetAttribute("action")!);
        Assert.StartsWith(Manager + "?", remove, StringComparison.Ordinal);
        Assert.Equal(["handler=Remove", "p=2", $"q={t}"], remove.Split('?')[1].Split('&').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Both_lists_show_times_in_the_store_time_zone_and_keep_the_utc_instant_in_the_time_element()
    {
        await store.ChangeSettingsAsync(s => s with { TimeZoneId = "Pacific/Kiritimati" });
        var t = Token();
        await store.SqlAsync("""
            INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at)
            VALUES (@path, 1, '2026-03-01T11:30:15Z', '2026-03-01T12:45:59Z')
            """, ("path", $"/{t}/old-page"));
        await AddRedirectAsync($"/{t}/old-guide", "/articles", hits: 4, lastHitAt: new DateTimeOffset(2026, 3, 1, 10, 5, 7, TimeSpan.Zero));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var log = await SearchAsync(editor, Log, t);
        var redirects = await SearchAsync(editor, Manager, t);

        // Kiritimati is 14 hours ahead of UTC: the next day there.
        var logTimes = log.QuerySelectorAll("tbody tr time").Select(e => (e.GetAttribute("datetime"), e.TextContent)).ToList();
        Assert.Equal([("2026-03-01T11:30:15Z", "2 Mar 2026 01:30"), ("2026-03-01T12:45:59Z", "2 Mar 2026 02:45")], logTimes);
        Assert.Contains("Times in Pacific/Kiritimati.", log.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
        var lastHit = redirects.QuerySelector("tbody tr time")!;
        Assert.Equal(("2026-03-01T10:05:07Z", "2 Mar 2026 00:05"), (lastHit.GetAttribute("datetime"), lastHit.TextContent));
        Assert.Contains("Times in Pacific/Kiritimati.", redirects.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
    }
}
