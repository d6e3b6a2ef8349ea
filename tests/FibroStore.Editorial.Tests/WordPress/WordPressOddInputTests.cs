using System.Text;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>Well-formed but odd exports: each gets a clear answer, never a 500 and never half an import.</summary>
public sealed class WordPressOddInputTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    private static string Export(string host, string items) => $"""
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <title>Odd</title>
          <link>https://{host}</link>
          <wp:base_site_url>https://{host}</wp:base_site_url>
          <wp:base_blog_url>https://{host}</wp:base_blog_url>
          {items}
        </channel>
        </rss>
        """;

    private static string Post(long id, string slug, string title, string content, string extra = "") => $"""
        <item>
          <title><![CDATA[{title}]]></title>
          <link>https://odd.example/{slug}/</link>
          <dc:creator><![CDATA[ruth]]></dc:creator>
          <content:encoded><![CDATA[{content}]]></content:encoded>
          <excerpt:encoded><![CDATA[]]></excerpt:encoded>
          <wp:post_id>{id}</wp:post_id>
          <wp:post_date_gmt><![CDATA[2026-05-01 10:00:00]]></wp:post_date_gmt>
          <wp:post_name><![CDATA[{slug}]]></wp:post_name>
          <wp:status><![CDATA[publish]]></wp:status>
          <wp:post_type><![CDATA[post]]></wp:post_type>
          {extra}
        </item>
        """;

    [Fact]
    public async Task Control_characters_an_overlong_title_and_a_missing_author_are_cleaned_not_refused()
    {
        var title = "A very long title " + new string('x', 400);
        var (response, html) = await WordPressExport.ImportAsync(store, Export("control.example",
            Post(11, "control-characters", title, "Before&#x1;after and a\u0007bell.") +
            Post(12, "no-author", "No author", "Plain.").Replace("<dc:creator><![CDATA[ruth]]></dc:creator>", "", StringComparison.Ordinal)), null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var articles = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles
            .Where(a => a.ImportKey!.StartsWith("wxr:https://control.example:")).OrderBy(a => a.ImportKey).ToListAsync());
        Assert.Equal(2, articles.Count);
        Assert.Equal("<p>Beforeafter and abell.</p>", articles[0].BodyHtml);
        Assert.Equal(200, articles[0].Title.Length);
        Assert.Equal("Editor", articles[1].AuthorName);
    }

    [Theory]
    [InlineData("<wp:post_id>abc</wp:post_id>", "has no valid post id")]
    [InlineData("<wp:status><![CDATA[publish]]></wp:status>\n<wp:comment><wp:comment_id>" + "999999999999999999999999999999999999999999" + "</wp:comment_id></wp:comment>", "has no valid id")]
    public async Task An_item_without_a_usable_id_refuses_the_whole_file_with_a_message(string broken, string message)
    {
        var good = Post(21, $"good-{Guid.NewGuid():N}", "Good", "Fine.");
        var bad = Post(22, "bad", "Bad", "Fine.")
            .Replace(broken.StartsWith("<wp:post_id>", StringComparison.Ordinal) ? "<wp:post_id>22</wp:post_id>" : "<wp:status><![CDATA[publish]]></wp:status>", broken, StringComparison.Ordinal);
        var host = $"refused-{Guid.NewGuid():N}.example";
        var (response, html) = await WordPressExport.ImportAsync(store, Export(host, good + bad), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.AnyAsync(a => a.ImportKey!.StartsWith($"wxr:https://{host}:"))));
    }

    [Theory]
    [InlineData("not xml at all", "not valid XML")]
    [InlineData("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title></channel></rss>", "not a WordPress export")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"y\">]><rss/>", "not valid XML")]
    public async Task A_file_that_is_not_a_wordpress_export_is_refused_with_a_message(string file, string message)
    {
        var (response, html) = await WordPressExport.ImportAsync(store, file, null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploads_file_that_is_not_a_zip_is_refused_with_a_message()
    {
        var (response, html) = await WordPressExport.ImportAsync(store, Export("zip.example", Post(31, "zip-post", "Zip", "Fine.")), Encoding.UTF8.GetBytes("PK not really"));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, string.Join("\n", store.Logs.Lines.TakeLast(5)));
        Assert.Contains("not a valid zip archive", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
