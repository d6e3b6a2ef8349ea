using FibroStore.Editorial.Import;
using FibroStore.Editorial.Pages.Staff.Articles;
using Mediator;
using Npgsql;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>The final import at switch-over: the same site exported again a few days later.</summary>
public sealed class WordPressReimportTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    /// <summary>What happened on the WordPress site after the first export, written as edits to the file.</summary>
    private static string ExportedAgain(string first) => first
        // Post 101 was edited in WordPress (and its modified date moved on).
        .Replace("Mornings are often the hardest part of the day.", "Mornings are often the hardest time of day, and that is normal.", StringComparison.Ordinal)
        .Replace("<wp:post_modified_gmt><![CDATA[2026-03-12 14:20:05]]></wp:post_modified_gmt>", "<wp:post_modified_gmt><![CDATA[2026-11-28 10:00:00]]></wp:post_modified_gmt>", StringComparison.Ordinal)
        // Post 102 was edited in WordPress too; it is also edited in the store below: a conflict.
        .Replace("<title><![CDATA[Pacing with a notebook]]></title>", "<title><![CDATA[Pacing with a paper notebook]]></title>", StringComparison.Ordinal)
        .Replace("<wp:post_modified_gmt><![CDATA[2026-04-03 08:10:00]]></wp:post_modified_gmt>", "<wp:post_modified_gmt><![CDATA[2026-11-29 16:30:00]]></wp:post_modified_gmt>", StringComparison.Ordinal)
        // The held comment was approved, and a new one arrived.
        .Replace("<wp:comment_content><![CDATA[Does the heat pack help with hand stiffness too?]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
            "<wp:comment_content><![CDATA[Does the heat pack help with hand stiffness too?]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>", StringComparison.Ordinal)
        .Replace("\t\t\t\t\t\t\t<wp:comment>\n\t\t\t<wp:comment_id>504</wp:comment_id>", """
            							<wp:comment>
            			<wp:comment_id>507</wp:comment_id>
            			<wp:comment_author><![CDATA[Lena]]></wp:comment_author>
            			<wp:comment_author_email><![CDATA[lena@readers.example]]></wp:comment_author_email>
            			<wp:comment_author_url></wp:comment_author_url>
            			<wp:comment_author_IP><![CDATA[192.0.2.70]]></wp:comment_author_IP>
            			<wp:comment_date><![CDATA[2026-11-30 08:15:00]]></wp:comment_date>
            			<wp:comment_date_gmt><![CDATA[2026-11-30 08:15:00]]></wp:comment_date_gmt>
            			<wp:comment_content><![CDATA[Warming the room first made the biggest difference for me.]]></wp:comment_content>
            			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
            			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
            			<wp:comment_parent>503</wp:comment_parent>
            			<wp:comment_user_id>0</wp:comment_user_id>
            		</wp:comment>

            """ + "\t\t\t\t\t\t\t<wp:comment>\n\t\t\t<wp:comment_id>504</wp:comment_id>", StringComparison.Ordinal)
        // The About page was rewritten.
        .Replace("We write slowly, check our sources, and never sell your details.", "We write slowly, check every source, and never sell your details.", StringComparison.Ordinal);

    [Fact]
    public async Task A_second_import_adds_what_is_new_updates_what_changed_and_keeps_edits_made_here_as_conflicts()
    {
        var first = WordPressExport.Calm();
        var second = ExportedAgain(first);
        Assert.NotEqual(first, second);
        Assert.Contains("<wp:comment_id>507</wp:comment_id>", second, StringComparison.Ordinal);
        var (initial, _) = await WordPressExport.ImportAsync(store, first, WordPressExport.CalmUploads());
        Assert.Equal(HttpStatusCode.OK, initial.StatusCode);
        await store.DrainOutboxAsync();

        // An editor improves "Pacing with a notebook" in the store before the switch-over.
        var pacingId = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Slug == "pacing-with-a-notebook").Select(a => a.Id).SingleAsync());
        var loaded = await store.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new EditArticle.Load(pacingId)).AsTask());
        loaded!.Form.Markdown += "\n\nAdded in the store: a printable planning sheet.";
        var saved = await store.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(pacingId, loaded.Form, EditArticle.SaveIntent.Save, "editor-2")).AsTask());
        Assert.True(saved.IsDone, saved.Refusal?.Message);

        var (response, html) = await WordPressExport.ImportAsync(store, second, WordPressExport.CalmUploads());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(html);
        Assert.Contains("Articles: 0 added, 1 updated, 2 unchanged", page, StringComparison.Ordinal);
        Assert.Contains("Conflicts (kept as edited here): 1", page, StringComparison.Ordinal);
        Assert.Contains("Replies: 1 added (0 waiting in the moderation queue), 1 approved since the last import", page, StringComparison.Ordinal);

        using var reader = store.CreateBrowserClient();
        var classic = await EditorialStore.EventuallyAsync(reader, "/articles/five-gentle-ways-to-ease-morning-stiffness", "that is normal");
        Assert.Contains("Mornings are often the hardest time of day, and that is normal.", classic, StringComparison.Ordinal);
        Assert.Contains("Does the heat pack help with hand stiffness too?", classic, StringComparison.Ordinal);
        var replies = WordPressExport.Parse(classic).QuerySelector("#replies")!;
        var lena = replies.QuerySelectorAll(".reply-body").Single(r => r.TextContent.Contains("Warming the room first", StringComparison.Ordinal)).Closest("li.reply")!;
        var parent = lena.ParentElement!.Closest("li.reply")!;
        Assert.Contains("Does the heat pack help", parent.QuerySelector(".reply-body")!.TextContent, StringComparison.Ordinal);

        var pacing = await reader.GetPageAsync("/articles/pacing-with-a-notebook");
        Assert.Contains("Added in the store: a printable planning sheet.", pacing, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"article-title\">Pacing with a notebook</h1>", pacing, StringComparison.Ordinal);

        var csv = await WordPressExport.ReportCsvAsync(store, html);
        var conflict = csv.Split('\n').Single(l => l.StartsWith("post,102,", StringComparison.Ordinal));
        Assert.Contains(",conflict,", conflict, StringComparison.Ordinal);
        Assert.Contains("2026-11-29 16:30", conflict, StringComparison.Ordinal);
        var storeEdit = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Revisions
            .Where(r => r.ArticleId == pacingId).MaxAsync(r => r.SavedAt));
        Assert.Contains(storeEdit.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), conflict, StringComparison.Ordinal);

        await store.DrainOutboxAsync();
        Assert.Contains("check every source", await reader.GetPageAsync("/pages/about-us"), StringComparison.Ordinal);

        // Importing the same file once more changes nothing.
        var before = await SnapshotAsync();
        var (_, again) = await WordPressExport.ImportAsync(store, second, WordPressExport.CalmUploads());
        var againPage = WebUtility.HtmlDecode(again);
        Assert.True(againPage.Contains("Articles: 0 added, 0 updated, 3 unchanged", StringComparison.Ordinal), againPage[againPage.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_second_import_started_while_one_runs_is_refused_and_changes_nothing()
    {
        const string wxr = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
              <title>Lock test</title>
              <link>https://lock-test.example</link>
              <wp:wxr_version>1.2</wp:wxr_version>
              <wp:base_site_url>https://lock-test.example</wp:base_site_url>
              <wp:base_blog_url>https://lock-test.example</wp:base_blog_url>
              <item>
                <title><![CDATA[One at a time]]></title>
                <link>https://lock-test.example/one-at-a-time/</link>
                <dc:creator><![CDATA[ruth]]></dc:creator>
                <content:encoded><![CDATA[Only one import runs at a time.]]></content:encoded>
                <excerpt:encoded><![CDATA[]]></excerpt:encoded>
                <wp:post_id>7</wp:post_id>
                <wp:post_date_gmt><![CDATA[2026-05-01 10:00:00]]></wp:post_date_gmt>
                <wp:post_name><![CDATA[one-at-a-time]]></wp:post_name>
                <wp:status><![CDATA[publish]]></wp:status>
                <wp:post_type><![CDATA[post]]></wp:post_type>
              </item>
            </channel>
            </rss>
            """;
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var running = await connection.BeginTransactionAsync())
        {
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WxrImporter.LockKey})", connection, running);
            await take.ExecuteNonQueryAsync();

            var (refused, html) = await WordPressExport.ImportAsync(store, wxr, null);
            // The request was fine; it clashes with the import under way: 409, not 400.
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("Another WordPress import is running right now", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.AnyAsync(a => a.ImportKey!.StartsWith("wxr:https://lock-test.example:"))));
        }
        var (accepted, _) = await WordPressExport.ImportAsync(store, wxr, null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private Task<string> SnapshotAsync() => store.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<EditorialDbContext>();
        var articles = await db.Articles.Where(a => a.ImportKey!.StartsWith("wxr:https://calmcorner.example:")).OrderBy(a => a.ImportKey)
            .Select(a => $"{a.ImportKey}|{a.Slug}|{a.Title}|{a.Status}|{a.UpdatedAt:O}|{a.BodyHtml.Length}").ToListAsync();
        var replies = await db.Replies.Where(r => r.ImportKey!.StartsWith("https://calmcorner.example:")).OrderBy(r => r.ImportKey)
            .Select(r => $"{r.ImportKey}|{r.Status}|{r.ParentId}").ToListAsync();
        var revisions = await db.Revisions.CountAsync();
        var redirects = await db.Redirects.CountAsync();
        return string.Join("\n", articles.Concat(replies).Append($"revisions {revisions}, redirects {redirects}"));
    });
}
