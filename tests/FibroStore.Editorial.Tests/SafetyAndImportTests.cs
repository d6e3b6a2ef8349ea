using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace FibroStore.Editorial.Tests;

public sealed partial class SafetyAndImportTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    public static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "[md link](javascript:alert(1))",
        "<svg onload=alert(1)><circle/></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">d</a>",
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "<div style=\"background:url(javascript:alert(1))\" onclick=\"x()\">s</div>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<a href=\"JaVaScRiPt:alert(1)\">mixed</a>",
        "<form action=\"https://evil.example\"><input name=q></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "[[product:\"><script>alert(1)</script>]]",
    ];

    [Fact]
    public async Task Script_payloads_never_survive_the_editor_replies_or_the_import()
    {
        var corpus = string.Join("\n\n", Payloads);
        var (_, slug) = await store.PublishAsync("XSS corpus article", corpus, string.Join("\n", Payloads));
        using var reader = store.CreateBrowserClient();
        foreach (var payload in Payloads.Take(5))
            await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Tester", payload));
        await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReplyStatus.Approved)));
        var wxr = Wxr(100, ("xss-import", "XSS import", corpus, [(1, 0, string.Join("\n", Payloads))]));
        await ImportAsync(wxr, null);

        var stored = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            var articles = await db.Articles.Select(a => a.BodyHtml + a.ReferencesHtml).ToListAsync();
            var replies = await db.Replies.Select(r => r.BodyHtml).ToListAsync();
            return string.Join("\n", articles.Concat(replies));
        });
        AssertSafe(stored, pageForms: 0);
        var rendered = await reader.GetPageAsync($"/articles/{slug}") + await reader.GetPageAsync("/articles/xss-import");
        AssertSafe(MainContent(rendered), pageForms: 4);
    }

    [Fact]
    public async Task A_wordpress_export_imports_faithfully_and_importing_again_changes_nothing()
    {
        var body = "First paragraph.\n\n<table><tr><th>Drug</th><th>Effect</th></tr><tr><td>None</td><td>Calm</td></tr></table>\n\n<img src=\"https://old.example/wp-content/uploads/2020/01/photo.png\" alt=\"A calm lake\">\n\n<img src=\"https://old.example/wp-content/uploads/2020/01/missing.jpg\" alt=\"Gone\">";
        var wxr = Wxr(200, ("old-post", "An old post", body, [(10, 0, "Top reply"), (11, 10, "Nested answer"), (12, 11, "Deeper still")]));
        var zip = Zip(("wp-content/uploads/2020/01/photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]));

        var first = await ImportAsync(wxr, zip);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = Html.Decode(await first.Content.ReadAsStringAsync());
        Assert.True(report.Contains("Articles: 1 added, 0 updated, 0 unchanged", StringComparison.Ordinal), report[report.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.Contains("Replies: 3 added (0 waiting in the moderation queue)", report, StringComparison.Ordinal);
        Assert.Contains("missing.jpg", report, StringComparison.Ordinal);

        using var reader = store.CreateBrowserClient();
        var page = await reader.GetPageAsync("/articles/old-post");
        Assert.Contains("<table>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Calm</td>", page, StringComparison.Ordinal);
        Assert.Contains("src=\"/media/editorial/wp/", page, StringComparison.Ordinal);
        Assert.Contains("alt=\"A calm lake\"", page, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(page, "<ol class=\"reply-children\">"));
        var redirect = await reader.GetAsync("/2020/01/old-post/");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("/articles/old-post", redirect.Headers.Location!.OriginalString);

        var again = await ImportAsync(Wxr(200, ("old-post", "An old post", body, [(10, 0, "Top reply"), (11, 10, "Nested answer"), (12, 11, "Deeper still")])), null);
        Assert.Contains("Articles: 0 added, 0 updated, 1 unchanged", Html.Decode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var counts = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            return (await db.Articles.CountAsync(a => a.Slug.StartsWith("old-post")), await db.Replies.CountAsync(r => r.Article.Slug == "old-post"));
        });
        Assert.Equal((1, 3), counts);
        var publishedEvents = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Set<FibroStore.SharedKernel.Data.OutboxMessage>()
            .Where(m => m.Type.StartsWith("FibroStore.Editorial.Contracts.ArticlePublished")).Select(m => m.Payload).ToListAsync());
        publishedEvents = publishedEvents.Where(p => p.Contains("old-post", StringComparison.Ordinal)).ToList();
        Assert.Single(publishedEvents);
        Assert.Matches("\"sendToSubscribers\":\\s*false", publishedEvents[0]);
        Assert.Matches("\"imported\":\\s*true", publishedEvents[0]);
    }

    [Fact]
    public async Task A_malformed_export_is_refused_and_nothing_is_imported()
    {
        var before = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.CountAsync());
        var broken = await ImportAsync(Wxr(300, ("half", "Half", "Body", [])).Replace("</channel>", "", StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid XML", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badDate = await ImportAsync(Wxr(400, ("good-one", "Good", "Body", []), ("bad-date", "Bad", "Body", [])).Replace("<wp:post_date_gmt>2020-01-0", "<wp:post_date_gmt>notadate", StringComparison.Ordinal).Replace("<pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate>", "", StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("has no valid date", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.CountAsync()));
    }

    private async Task<HttpResponseMessage> ImportAsync(string wxr, byte[]? zip)
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var page = await editor.GetPageAsync("/staff/articles/import");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(wxr)), "Export", "export.xml" },
        };
        if (zip is not null) content.Add(new ByteArrayContent(zip), "Uploads", "uploads.zip");
        return await editor.Http.PostAsync("/staff/articles/import", content);
    }

    /// <summary><paramref name="pageForms"/>: the page's own forms (reply and subscribe), the only ones allowed.</summary>
    private static void AssertSafe(string html, int pageForms)
    {
        Assert.Equal(pageForms, Regex.Count(html, "<form\\b", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch(new Regex("<script(?![^>]*application/ld\\+json)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<[^>]+(href|src)\\s*=\\s*\"?\\s*(javascript|data):", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<(iframe|svg|math|style)\\b", RegexOptions.IgnoreCase), html);
    }

    /// <summary>The page's own scripts (site.js, JSON-LD) are in the head; user content is in main.</summary>
    private static string MainContent(string pages) =>
        string.Join("\n", Regex.Matches(pages, "<main[\\s\\S]*?</main>").Select(m => m.Value));

    private static string Wxr(int firstId, params (string Slug, string Title, string Body, (int Id, int Parent, string Text)[] Comments)[] posts)
    {
        var items = new StringBuilder();
        var id = firstId;
        foreach (var post in posts)
        {
            id++;
            items.Append(CultureInfo.InvariantCulture, $"""
                <item>
                  <title>{WebUtility.HtmlEncode(post.Title)}</title>
                  <link>https://old.example/2020/01/{post.Slug}/</link>
                  <pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate>
                  <dc:creator><![CDATA[ruth]]></dc:creator>
                  <content:encoded><![CDATA[{post.Body}]]></content:encoded>
                  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
                  <wp:post_id>{id}</wp:post_id>
                  <wp:post_date_gmt>2020-01-02 10:00:00</wp:post_date_gmt>
                  <wp:post_name>{post.Slug}</wp:post_name>
                  <wp:status>publish</wp:status>
                  <wp:post_type>post</wp:post_type>
                  <category domain="category" nicename="research"><![CDATA[Research]]></category>
                  <category domain="post_tag" nicename="history"><![CDATA[History]]></category>
                """);
            foreach (var c in post.Comments)
                items.Append(CultureInfo.InvariantCulture, $"""
                    <wp:comment>
                      <wp:comment_id>{c.Id}</wp:comment_id>
                      <wp:comment_author><![CDATA[Reader {c.Id}]]></wp:comment_author>
                      <wp:comment_author_email>reader{c.Id}@example.org</wp:comment_author_email>
                      <wp:comment_author_url></wp:comment_author_url>
                      <wp:comment_date_gmt>2020-01-03 1{c.Id % 10}:00:00</wp:comment_date_gmt>
                      <wp:comment_content><![CDATA[{c.Text}]]></wp:comment_content>
                      <wp:comment_approved>1</wp:comment_approved>
                      <wp:comment_type>comment</wp:comment_type>
                      <wp:comment_parent>{c.Parent}</wp:comment_parent>
                    </wp:comment>
                    """);
            items.Append("</item>\n");
        }
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
              <title>Old site</title>
              <link>https://old.example</link>
              <wp:base_site_url>https://old.example</wp:base_site_url>
              <wp:base_blog_url>https://old.example</wp:base_blog_url>
              <wp:author><wp:author_login><![CDATA[ruth]]></wp:author_login><wp:author_display_name><![CDATA[Ruth Ellison]]></wp:author_display_name></wp:author>
              {items}
            </channel>
            </rss>
            """;
    }

    private static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
