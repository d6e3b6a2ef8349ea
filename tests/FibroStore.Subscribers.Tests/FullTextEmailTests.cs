namespace FibroStore.Subscribers.Tests;

/// <summary>The store with Subscribers:Email:FullText on.</summary>
public sealed class FullTextStore : SubscribersStore
{
    public FullTextStore() => With("Subscribers:Email:FullText", "true");
}

internal static class FullTextArticle
{
    public const string BodyHtml =
        "<h2 id=\"warmth\">Warmth first</h2>\n<p>A warm bath &amp; a slow walk.</p>\n<p><img src=\"/media/editorial/images/bath.webp\" alt=\"A bath\"></p>";
}

public sealed class FullTextEmailTests(FullTextStore store) : IClassFixture<FullTextStore>
{
    [Fact]
    public async Task With_full_text_on_the_email_carries_the_whole_article_as_html_and_plain_text()
    {
        var email = (await store.SeedConfirmedAsync(1))[0];
        var articleId = Guid.NewGuid();

        await store.RaiseArticlePublishedAsync(articleId, bodyHtml: FullTextArticle.BodyHtml);
        await store.WaitForCampaignAsync(articleId);

        var mail = Assert.Single(store.Mailbox.To(email));
        Assert.Contains("<p>A warm bath &amp; a slow walk.</p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Matches("src=\"https?://[^\"/]+/media/editorial/images/bath.webp\"", mail.HtmlBody);
        Assert.Contains("Warmth first", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("A warm bath & a slow walk.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Small steps that keep a flare from growing.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Read on the site", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_full_text_on_the_editor_test_email_carries_the_unsaved_text()
    {
        var editorEmail = SubscribersStore.NewAddress("editor");
        await store.CreateUserAsync(editorEmail, roles: FibroStore.SharedKernel.Security.StaffRoles.Editor);
        using var editor = await store.SignedInClientAsync(editorEmail);

        await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
        {
            ["Input.Title"] = $"Baths {Guid.NewGuid():N}",
            ["Input.Excerpt"] = "What a bath can and cannot do.",
            ["Input.Markdown"] = "## Warmth first\n\nA warm bath & a slow walk.",
            ["Input.AuthorName"] = "An editor",
        }, action: "/staff/articles/edit?handler=SendTest");

        var mail = await store.Mailbox.WaitForAsync(editorEmail);
        Assert.Contains("A warm bath &amp; a slow walk.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("A warm bath & a slow walk.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("This is a test", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_full_text_on_an_event_from_before_the_body_existed_sends_the_excerpt()
    {
        var email = (await store.SeedConfirmedAsync(1))[0];
        var articleId = Guid.NewGuid();

        await store.RaiseArticlePublishedAsync(articleId);
        await store.WaitForCampaignAsync(articleId);

        var mail = Assert.Single(store.Mailbox.To(email));
        Assert.Contains("Small steps that keep a flare from growing.", mail.TextBody, StringComparison.Ordinal);
    }
}

public sealed class ExcerptEmailTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    [Fact]
    public async Task With_full_text_off_the_email_carries_the_excerpt_only()
    {
        var email = (await store.SeedConfirmedAsync(1))[0];
        var articleId = Guid.NewGuid();

        await store.RaiseArticlePublishedAsync(articleId, bodyHtml: FullTextArticle.BodyHtml);
        await store.WaitForCampaignAsync(articleId);

        var mail = Assert.Single(store.Mailbox.To(email));
        Assert.Contains("Small steps that keep a flare from growing.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("A warm bath", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("A warm bath", mail.TextBody, StringComparison.Ordinal);
    }
}
