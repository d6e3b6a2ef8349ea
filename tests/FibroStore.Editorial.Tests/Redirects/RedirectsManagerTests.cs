using AngleSharp.Html.Parser;
using FibroStore.Editorial.Discovery;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Privacy;
using FibroStore.TestKit;
using Npgsql;

namespace FibroStore.Editorial.Tests.Redirects;

public sealed class RedirectsManagerTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Manager = "/staff/redirects";

    private static string Unique(string stem) => $"/{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    private static Task<HttpResponseMessage> AddAsync(BrowserClient client, string from, string to) =>
        client.PostFormAsync(Manager, new Dictionary<string, string> { ["Add.From"] = from, ["Add.To"] = to }, Manager + "?handler=Add");

    private Task<bool> StoredAsync(string from) =>
        store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Redirects.AnyAsync(r => r.FromPath == from));

    private static async Task<(HttpStatusCode Status, string? Location)> VisitAsync(BrowserClient visitor, string path)
    {
        var response = await visitor.GetAsync(path);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Removing_a_redirect_that_is_already_gone_says_so()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        foreach (var shop in new[] { "false", "true" })
        {
            var removed = await editor.PostFormAsync(Manager, new Dictionary<string, string> { ["fromPath"] = Unique("never-there"), ["shop"] = shop },
                Manager + "?handler=Remove");

            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
            var location = removed.Headers.Location!.OriginalString;
            Assert.Contains("done=gone", location, StringComparison.Ordinal);
            Assert.Contains("That redirect was already removed.", await editor.GetPageAsync(location), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Editor_adds_a_redirect_through_the_page_it_answers_301_counts_its_hits_and_removing_it_ends_it()
    {
        var (editor, userId) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        using var visitor = store.CreateBrowserClient();
        var from = Unique("old-pacing-guide");

        var added = await AddAsync(editor, from + "/", "/articles?page=2");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        Assert.Equal((HttpStatusCode.MovedPermanently, "/articles?page=2"), await VisitAsync(visitor, from));
        Assert.Equal((HttpStatusCode.MovedPermanently, "/articles?page=2"), await VisitAsync(visitor, from.ToUpperInvariant() + "/"));
        var row = new HtmlParser().ParseDocument(await editor.GetPageAsync(Manager + "?q=" + Uri.EscapeDataString(from)))
            .QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("td code")?.TextContent == from);
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("/articles?page=2", cells[1]);
        Assert.Equal("Added by staff", cells[2]);
        Assert.Equal("2", cells[3]);
        Assert.NotEqual("Never", cells[4]);

        var removed = await editor.PostFormAsync(Manager, new Dictionary<string, string> { ["fromPath"] = from, ["shop"] = "false" }, Manager + "?handler=Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(visitor, from)).Status);
        var audits = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.Contains("StaffActionAudited")).Select(m => m.Payload).ToListAsync());
        audits = audits.Where(p => p.Contains(from, StringComparison.Ordinal)).ToList();
        Assert.Contains(audits, p => p.Contains("redirect.added", StringComparison.Ordinal) && p.Contains(userId, StringComparison.Ordinal));
        Assert.Contains(audits, p => p.Contains("redirect.removed", StringComparison.Ordinal) && p.Contains(userId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_with_letters_a_url_cannot_carry_is_sent_percent_encoded()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        using var visitor = store.CreateBrowserClient();
        var from = Unique("old-cafe");

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(editor, from, "/articles/café-<guide>")).StatusCode);

        Assert.Equal((HttpStatusCode.MovedPermanently, "/articles/caf%C3%A9-%3Cguide%3E"), await VisitAsync(visitor, from));
    }

    [Theory]
    [InlineData("https://evil.example/phish", "Addresses on other sites cannot be used")]
    [InlineData("//evil.example", "Addresses on other sites cannot be used")]
    [InlineData("/\\evil.example", "Addresses on other sites cannot be used")]
    [InlineData("evil.example", "Addresses on other sites cannot be used")]
    [InlineData("/a\u0007page", "invisible characters")]
    [InlineData("/two words", "spaces")]
    public async Task A_target_that_is_not_a_local_path_is_refused_with_400_and_nothing_is_stored(string target, string message)
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var from = Unique("leaving");

        var response = await AddAsync(editor, from, target);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await StoredAsync(from));
    }

    [Fact]
    public async Task A_redirect_back_to_its_own_source_is_refused_directly_and_through_a_chain()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var a = Unique("loop-a");
        var b = Unique("loop-b");
        var c = Unique("loop-c");

        var self = await AddAsync(editor, a, a + "/");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(editor, a, b)).StatusCode);
        var back = await AddAsync(editor, b, a.ToUpperInvariant() + "?from=b");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(editor, b, c)).StatusCode);
        var chain = await AddAsync(editor, c, a);

        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("same as the old one", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains("loop", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, chain.StatusCode);
        Assert.Contains($"already leads back to {c}", WebUtility.HtmlDecode(await chain.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await StoredAsync(c));
    }

    [Fact]
    public async Task A_live_page_or_a_source_that_already_redirects_cannot_be_a_redirects_source()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var slug = await store.PublishArticleAsync("Live article " + Guid.NewGuid().ToString("N")[..6], "An excerpt.", "Some words.");
        var taken = Unique("taken");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(editor, taken, "/articles")).StatusCode);

        var list = await AddAsync(editor, "/articles/", "/feed.xml");
        var article = await AddAsync(editor, $"/articles/{slug}", "/articles");
        var twice = await AddAsync(editor, taken, "/feed.xml");

        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Contains("/articles is a live page of this store", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, article.StatusCode);
        Assert.Contains("is a live page of this store", await article.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("There is already a redirect from", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shoppers_and_merchandisers_cannot_open_the_redirects_manager()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var a = shopper;
        using var b = merchandiser;
        Assert.NotEqual(HttpStatusCode.OK, (await shopper.GetAsync(Manager)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await merchandiser.GetAsync(Manager + "/not-found")).StatusCode);
    }

    [Fact]
    public async Task The_404_log_groups_hits_on_one_path_keeps_nothing_about_the_visitor_and_redirect_this_fixes_the_path()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        using var visitor = store.CreateBrowserClient();
        var missing = Unique("old-heat-pack-guide");

        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(visitor, missing)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(visitor, missing.ToUpperInvariant() + "/?utm_source=newsletter")).Status);
        await store.WaitUntilAsync(async () => await HitsAsync(missing) == 2, "two 404s counted on one path");

        var columns = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            return await db.Database.SqlQueryRaw<string>(
                "SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = 'editorial' AND table_name = 'not_found_paths' ORDER BY column_name").ToListAsync();
        });
        Assert.Equal(["first_seen_at", "hits", "last_seen_at", "path"], columns);

        var log = new HtmlParser().ParseDocument(await editor.GetPageAsync(Manager + "/not-found"));
        var row = log.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("td code")?.TextContent == missing);
        Assert.Equal("2", row.QuerySelectorAll("td")[1].TextContent.Trim());
        var fixLink = row.QuerySelector("a")!.GetAttribute("href")!;
        var form = new HtmlParser().ParseDocument(await editor.GetPageAsync(WebUtility.HtmlDecode(fixLink)));
        Assert.Equal(missing, form.QuerySelector("#add-from")!.GetAttribute("value"));

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(editor, form.QuerySelector("#add-from")!.GetAttribute("value")!, "/articles")).StatusCode);

        Assert.Equal((HttpStatusCode.MovedPermanently, "/articles"), await VisitAsync(visitor, missing));
        Assert.Equal(0, await HitsAsync(missing));
        Assert.DoesNotContain(missing, await editor.GetPageAsync(Manager + "/not-found"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_is_answered_while_the_404_log_cannot_be_written_and_counted_once_it_can()
    {
        using var visitor = store.CreateBrowserClient();
        var missing = Unique("locked-log");
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            // Holds back every insert and update of the log until this transaction ends.
            await using (var lockLog = new NpgsqlCommand("LOCK TABLE editorial.not_found_paths IN EXCLUSIVE MODE", connection, tx))
                await lockLog.ExecuteNonQueryAsync();
            // Far shorter than the 30 s a blocked upsert waits before it gives up, so only an answer that does not wait
            // on the log arrives in time.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(missing, deadline.Token)).StatusCode);
            Assert.Equal(0, await HitsAsync(missing));
        }
        await store.WaitUntilAsync(async () => await HitsAsync(missing) == 1, "the 404 counted once the log was free");
    }

    [Fact]
    public async Task Addresses_not_asked_for_in_90_days_are_forgotten_by_the_retention_sweep()
    {
        var stale = Unique("stale");
        var recent = Unique("recent");
        await store.SqlAsync("""
            INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at)
            VALUES (@stale, 3, now() - interval '200 days', now() - interval '91 days'),
                   (@recent, 3, now() - interval '200 days', now() - interval '89 days')
            """, ("stale", stale), ("recent", recent));

        await store.InScopeAsync(async sp =>
        {
            foreach (var task in sp.GetServices<IRetentionTask>().OfType<NotFoundLogRetention>())
                await task.SweepAsync(CancellationToken.None);
        });

        Assert.Equal(0, await HitsAsync(stale));
        Assert.Equal(3, await HitsAsync(recent));
    }

    private Task<long> HitsAsync(string path) => store.InScopeAsync(sp =>
        sp.GetRequiredService<EditorialDbContext>().NotFoundPaths.Where(p => p.Path == path).Select(p => p.Hits).SingleOrDefaultAsync());
}

/// <summary>A store whose 404 log holds three addresses, to see what happens when it is full.</summary>
public sealed class TinyNotFoundLogStore : StoreFactory
{
    public TinyNotFoundLogStore() => With("NotFoundLog:MaxPaths", "3");
}

public sealed class NotFoundLogCapTests(TinyNotFoundLogStore store) : IClassFixture<TinyNotFoundLogStore>
{
    [Fact]
    public async Task When_the_404_log_is_full_new_paths_are_not_added_known_ones_keep_counting_and_the_page_says_so()
    {
        using var visitor = store.CreateBrowserClient();
        var paths = Enumerable.Range(1, 4).Select(i => $"/missing-{i}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        foreach (var path in paths.Take(3))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(path)).StatusCode);
            await store.WaitUntilAsync(async () => await CountAsync() == paths.IndexOf(path) + 1, "the 404 counted");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(paths[3])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(paths[0])).StatusCode);
        await store.WaitUntilAsync(async () => await HitsAsync(paths[0]) == 2, "a known path counted again");

        Assert.Equal(3, await CountAsync());
        Assert.Equal(0, await HitsAsync(paths[3]));
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var _ = editor;
        Assert.Contains("The log is full (3 addresses)", await editor.GetPageAsync("/staff/redirects/not-found"), StringComparison.Ordinal);
    }

    private Task<int> CountAsync() => store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().NotFoundPaths.CountAsync());

    private Task<long> HitsAsync(string path) => store.InScopeAsync(sp =>
        sp.GetRequiredService<EditorialDbContext>().NotFoundPaths.Where(p => p.Path == path).Select(p => p.Hits).SingleOrDefaultAsync());
}
