using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FibroStore.SiteServices.Contracts;
using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;

namespace FibroStore.E2E;

/// <summary>
/// A browser session whose scheduled publisher looks for due articles every second, so a scheduled article
/// goes live within a second of its time instead of within the production default of fifteen.
/// </summary>
public sealed class EditorialBrowserSession : IAsyncLifetime
{
    public BrowserSession Session { get; } = new();

    public Task InitializeAsync()
    {
        Session.Store.With("Editorial:Publishing:PollSeconds", "1");
        return Session.InitializeAsync();
    }

    public Task DisposeAsync() => Session.DisposeAsync();
}

public sealed class EditorialJourneyTests(EditorialBrowserSession fixture) : IClassFixture<EditorialBrowserSession>
{
    private readonly BrowserSession session = fixture.Session;

    [Fact]
    public async Task A_reply_waits_for_approval_and_shows_once_an_editor_approves_it()
    {
        var editor = await SignedInEditorAsync();
        await WriteArticleAsync(editor, "Pacing on a warm day", "## Plan the day\n\nRest before you are tired.", "", "Publish now");
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("Published.");

        var reader = await session.NewPageAsync();
        await session.VisitAsync(reader, "/articles/pacing-on-a-warm-day");
        var form = reader.GetByRole(AriaRole.Form, new() { Name = "Leave a Reply" });
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync("Resting first helped me too.");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Nora Reader");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("nora@example.org");
        // The form refuses answers quicker than a person can read and write (3 s by default): wait like a reader would.
        await Task.Delay(3500);
        await form.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();
        await session.WaitForPageAsync(reader, "**/reply-received");
        await session.ScanAsync(reader);
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("waiting for a moderator to approve it");
        await session.VisitAsync(reader, "/articles/pacing-on-a-warm-day");
        await Assertions.Expect(reader.GetByText("Resting first helped me too.")).ToHaveCountAsync(0);

        await session.VisitAsync(editor, "/staff/replies");
        await Assertions.Expect(editor.GetByText("Resting first helped me too.")).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Approve the reply by Nora Reader" }).ClickAsync();
        await session.ScanAsync(editor);
        await Assertions.Expect(editor.GetByText("Resting first helped me too.")).ToHaveCountAsync(0);

        // The article page comes from the output cache; approval evicts it through PostgreSQL NOTIFY, a moment later.
        await EventuallyAsync(async () =>
        {
            await reader.ReloadAsync();
            return await reader.GetByRole(AriaRole.Article, new() { Name = "Nora Reader" }).CountAsync() == 1;
        });
        await session.ScanAsync(reader);
        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "1 reply" })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Article, new() { Name = "Nora Reader" })).ToContainTextAsync("Resting first helped me too.");
    }

    [Fact]
    public async Task A_scheduled_draft_with_a_table_references_and_an_uploaded_picture_goes_live_on_time_and_appears_in_the_feed_and_sitemap()
    {
        var editor = await SignedInEditorAsync();
        var markdown = "Some treatments compared.\n\n## Compared\n\n| Approach | Evidence |\n| --- | --- |\n| Gentle exercise | Strong |\n| Sleep routine | Moderate |\n";
        var references = "Macfarlane GJ, et al. EULAR revised recommendations. Ann Rheum Dis, 2017.\nBusch AJ, et al. Exercise for fibromyalgia. Cochrane, 2008.";

        (string Local, DateTimeOffset Utc) publishAt = default;
        await WriteArticleAsync(editor, "Comparing gentle approaches", markdown, references, "Schedule",
            async () => (publishAt = await NextMinuteInStoreTimeAsync()).Local, picture: "A pair of walking shoes by a door");
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled.");
        var before = await session.VisitAsync(editor, "/articles/comparing-gentle-approaches");
        Assert.Equal(404, before!.Status);

        var reader = await session.NewPageAsync();
        var untilLive = publishAt.Utc - DateTimeOffset.UtcNow;
        if (untilLive > TimeSpan.Zero)
            await Task.Delay(untilLive);
        await EventuallyAsync(async () => (await reader.GotoAsync("/articles/comparing-gentle-approaches"))!.Status == 200, TimeSpan.FromSeconds(60));
        await session.ScanAsync(reader);
        var table = reader.GetByRole(AriaRole.Table);
        await Assertions.Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Evidence" })).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Cell, new() { Name = "Gentle exercise" })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Img, new() { Name = "A pair of walking shoes by a door" })).ToHaveAttributeAsync("src", new Regex("^/media/editorial/images/"));
        var referenceList = reader.GetByRole(AriaRole.Region, new() { Name = "References" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(referenceList).ToHaveCountAsync(2);
        await Assertions.Expect(referenceList.Nth(1)).ToContainTextAsync("Exercise for fibromyalgia");

        // Feeds are XML for machines, not pages for people: fetched rather than visited, so there is nothing for axe to read.
        Assert.Contains("Comparing gentle approaches", await TextAsync(reader, "/feed.xml"), StringComparison.Ordinal);
        Assert.Contains("/articles/comparing-gentle-approaches</loc>", await TextAsync(reader, "/sitemap.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wordpress_export_with_a_table_and_threaded_replies_imports_through_the_staff_page()
    {
        var editor = await SignedInEditorAsync();
        await session.VisitAsync(editor, "/staff/articles");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Import from WordPress" }).ClickAsync();
        await session.ScanAsync(editor);
        await editor.GetByLabel("WordPress export file (.xml)").SetInputFilesAsync(new FilePayload
        {
            Name = "old-site.xml", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(WordPressExport),
        });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "Import finished" })).ToBeVisibleAsync();
        await session.ScanAsync(editor);
        var report = editor.GetByRole(AriaRole.Status);
        await Assertions.Expect(report).ToContainTextAsync("Articles: 2 added");
        await Assertions.Expect(report).ToContainTextAsync("Replies: 3 added (0 waiting in the moderation queue)");

        var reader = await session.NewPageAsync();
        await session.VisitAsync(reader, "/articles/warmth-and-sleep");
        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Warmth and sleep", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Table).GetByRole(AriaRole.Cell, new() { Name = "Hot water bottle" })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "3 replies" })).ToBeVisibleAsync();
        // Threading survives: the answer sits inside the reply it answers, and the answer to that inside it.
        var top = reader.Locator("li.reply", new() { Has = reader.Locator(":scope > article", new() { HasText = "Does warmth help you sleep?" }) });
        var answer = top.Locator(":scope > ol > li.reply");
        await Assertions.Expect(answer.Locator(":scope > article")).ToContainTextAsync("Yes, a warm bath does.");
        await Assertions.Expect(answer.Locator(":scope > ol > li.reply > article")).ToContainTextAsync("Same here.");
        await session.VisitAsync(reader, "/articles/a-second-old-post");
    }

    [Fact]
    public async Task An_editor_finds_an_old_address_in_the_404_log_with_the_keyboard_and_redirect_this_fills_in_the_form()
    {
        var t = "kb" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (path, hits) in new[] { ($"/{t}/old-heat-pack-guide", 7), ($"/{t}/old-sleep-diary", 3), ($"/elsewhere-{t}", 1) })
            await session.Store.SqlAsync("INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at) VALUES (@path, @hits, now(), now())",
                ("path", path), ("hits", hits));
        await session.Store.SqlAsync("""
            INSERT INTO editorial.redirects (from_path, target_path, source, created_at, updated_at, hits, last_hit_at)
            VALUES (@from, '/articles', 'wordpress-post', now(), now(), 2, now())
            """, ("from", $"/{t}/2019/pacing-basics"));
        var editor = await SignedInEditorAsync();

        await session.VisitAsync(editor, "/staff/redirects/not-found");
        await NoViolationsAsync(editor);
        await SearchWithKeyboardAsync(editor, $"{t}/old");
        await session.WaitForPageAsync(editor, new Regex($"/staff/redirects/not-found\\?q={t}%2Fold$"));
        await session.ScanAsync(editor);
        await NoViolationsAsync(editor);
        await Assertions.Expect(editor.GetByText($"2 addresses contain “{t}/old”.")).ToBeVisibleAsync();
        var rows = editor.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row);
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync($"/{t}/old-heat-pack-guide");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync($"/{t}/old-sleep-diary");

        await rows.Nth(2).GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Redirect this\W+" + $@"\/{t}\/old-sleep-diary$") }).FocusAsync();
        await editor.Keyboard.PressAsync("Enter");
        await session.WaitForPageAsync(editor, "**/staff/redirects?from=*#add");
        await session.ScanAsync(editor);
        await NoViolationsAsync(editor);
        await Assertions.Expect(editor.GetByLabel("Old address", new() { Exact = true })).ToHaveValueAsync($"/{t}/old-sleep-diary");
        await Assertions.Expect(editor.GetByLabel("New address", new() { Exact = true })).ToHaveValueAsync("");

        await SearchWithKeyboardAsync(editor, $"{t}/2019");
        await session.WaitForPageAsync(editor, new Regex($"/staff/redirects\\?q={t}%2F2019$"));
        await session.ScanAsync(editor);
        await NoViolationsAsync(editor);
        await Assertions.Expect(editor.GetByText($"1 redirect matches “{t}/2019”.")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync($"/{t}/2019/pacing-basics");
    }

    /// <summary>Tabs from the top of the page to the list's search box, as a keyboard user does, types and presses Enter.</summary>
    private static async Task SearchWithKeyboardAsync(IPage page, string text)
    {
        var box = page.GetByRole(AriaRole.Search, new() { NameRegex = new Regex("^Find (redirects|addresses)") }).GetByRole(AriaRole.Searchbox);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        for (var presses = 0; !await box.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            Assert.True(presses < 100, "Tab never reached the search box.");
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.TypeAsync(text);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Stricter than the session's scan, which fails on serious and critical findings only: these pages have none of any kind.</summary>
    private static async Task NoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { Iframes = false, ResultTypes = [ResultType.Violations] });
        Assert.True(result.Violations.Length == 0, "Accessibility violations:\n" + string.Join("\n",
            result.Violations.Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    private async Task<IPage> SignedInEditorAsync()
    {
        var email = $"edna-{Guid.NewGuid():N}@example.org";
        await session.Store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);
        var page = await session.NewPageAsync();
        await session.SignInAsync(page, email);
        return page;
    }

    /// <param name="publishAt">Asked for just before the form is sent, so the time is not already past when it arrives.</param>
    private async Task WriteArticleAsync(IPage editor, string title, string markdown, string references, string button,
        Func<Task<string>>? publishAt = null, string? picture = null)
    {
        await session.VisitAsync(editor, "/staff/articles");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Write a new article" }).ClickAsync();
        await session.ScanAsync(editor);
        await editor.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await editor.GetByLabel("Excerpt", new() { Exact = true }).FillAsync($"A short look at {title.ToLowerInvariant()}.");
        await editor.GetByLabel("Text (Markdown)").FillAsync(markdown);
        await editor.GetByLabel("References (one per line").FillAsync(references);
        if (markdown.Contains('|', StringComparison.Ordinal))
        {
            // The live preview renders through the same pipeline as the article.
            await Assertions.Expect(editor.GetByRole(AriaRole.Region, new() { Name = "Preview" }).GetByRole(AriaRole.Table)).ToBeVisibleAsync();
            await session.ScanAsync(editor);
        }
        if (picture is not null)
        {
            await editor.GetByLabel("Picture", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "picture.png", MimeType = "image/png", Buffer = Png() });
            await editor.GetByLabel("Picture description (alt text)").FillAsync(picture);
            await editor.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
            await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("Picture uploaded");
            await session.ScanAsync(editor);
            await Assertions.Expect(editor.GetByLabel("Text (Markdown)")).ToHaveValueAsync(new Regex(Regex.Escape($"![{picture}](/media/editorial/images/")));
        }
        if (publishAt is not null)
            await editor.GetByLabel("Publish at").FillAsync(await publishAt());
        await editor.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await session.WaitForPageAsync(editor, "**/staff/articles/edit/*saved=*");
        await session.ScanAsync(editor);
    }

    /// <summary>
    /// The editor's time field holds whole minutes in the store's time zone, so the nearest schedulable moment is the
    /// next minute boundary at least 40 seconds away (enough, on a busy machine, to see the article is not live before its time).
    /// </summary>
    private async Task<(string Local, DateTimeOffset Utc)> NextMinuteInStoreTimeAsync()
    {
        var zone = await session.Store.InScopeAsync(async sp => (await sp.GetRequiredService<ISiteSettings>().GetAsync(CancellationToken.None)).TimeZone);
        var now = DateTimeOffset.UtcNow.AddSeconds(40);
        var utc = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
        return (local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), utc);
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(120, 80);
        bitmap.Erase(SKColors.SteelBlue);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task<string> TextAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.Equal(200, response.Status);
        return await response.TextAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The page did not change in time.");
            await Task.Delay(250);
        }
    }

    private const string WordPressExport = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <title>The old community blog</title>
          <link>https://old.example</link>
          <wp:base_site_url>https://old.example</wp:base_site_url>
          <wp:base_blog_url>https://old.example</wp:base_blog_url>
          <wp:author><wp:author_login><![CDATA[ruth]]></wp:author_login><wp:author_display_name><![CDATA[Ruth Ellison]]></wp:author_display_name></wp:author>
          <item>
            <title>Warmth and sleep</title>
            <link>https://old.example/2021/02/warmth-and-sleep/</link>
            <pubDate>Mon, 01 Feb 2021 09:00:00 +0000</pubDate>
            <dc:creator><![CDATA[ruth]]></dc:creator>
            <content:encoded><![CDATA[<p>Many of us sleep better when warm.</p>
        <h2>What helps</h2>
        <table><thead><tr><th>Aid</th><th>How it helps</th></tr></thead><tbody><tr><td>Hot water bottle</td><td>Eases stiffness</td></tr><tr><td>Warm bath</td><td>Relaxes muscles</td></tr></tbody></table>]]></content:encoded>
            <excerpt:encoded><![CDATA[Sleeping warm.]]></excerpt:encoded>
            <wp:post_id>501</wp:post_id>
            <wp:post_date_gmt>2021-02-01 09:00:00</wp:post_date_gmt>
            <wp:post_name>warmth-and-sleep</wp:post_name>
            <wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type>
            <category domain="category" nicename="sleep"><![CDATA[Sleep]]></category>
            <wp:comment>
              <wp:comment_id>71</wp:comment_id>
              <wp:comment_author><![CDATA[Alex]]></wp:comment_author>
              <wp:comment_author_email>alex@example.org</wp:comment_author_email>
              <wp:comment_date_gmt>2021-02-02 10:00:00</wp:comment_date_gmt>
              <wp:comment_content><![CDATA[Does warmth help you sleep?]]></wp:comment_content>
              <wp:comment_approved>1</wp:comment_approved>
              <wp:comment_type>comment</wp:comment_type>
              <wp:comment_parent>0</wp:comment_parent>
            </wp:comment>
            <wp:comment>
              <wp:comment_id>72</wp:comment_id>
              <wp:comment_author><![CDATA[Bea]]></wp:comment_author>
              <wp:comment_author_email>bea@example.org</wp:comment_author_email>
              <wp:comment_date_gmt>2021-02-02 11:00:00</wp:comment_date_gmt>
              <wp:comment_content><![CDATA[Yes, a warm bath does.]]></wp:comment_content>
              <wp:comment_approved>1</wp:comment_approved>
              <wp:comment_type>comment</wp:comment_type>
              <wp:comment_parent>71</wp:comment_parent>
            </wp:comment>
            <wp:comment>
              <wp:comment_id>73</wp:comment_id>
              <wp:comment_author><![CDATA[Cal]]></wp:comment_author>
              <wp:comment_author_email>cal@example.org</wp:comment_author_email>
              <wp:comment_date_gmt>2021-02-02 12:00:00</wp:comment_date_gmt>
              <wp:comment_content><![CDATA[Same here.]]></wp:comment_content>
              <wp:comment_approved>1</wp:comment_approved>
              <wp:comment_type>comment</wp:comment_type>
              <wp:comment_parent>72</wp:comment_parent>
            </wp:comment>
          </item>
          <item>
            <title>A second old post</title>
            <link>https://old.example/2021/03/a-second-old-post/</link>
            <pubDate>Mon, 01 Mar 2021 09:00:00 +0000</pubDate>
            <dc:creator><![CDATA[ruth]]></dc:creator>
            <content:encoded><![CDATA[<p>Short and calm.</p>]]></content:encoded>
            <excerpt:encoded><![CDATA[]]></excerpt:encoded>
            <wp:post_id>502</wp:post_id>
            <wp:post_date_gmt>2021-03-01 09:00:00</wp:post_date_gmt>
            <wp:post_name>a-second-old-post</wp:post_name>
            <wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type>
            <category domain="category" nicename="sleep"><![CDATA[Sleep]]></category>
          </item>
        </channel>
        </rss>
        """;
}
