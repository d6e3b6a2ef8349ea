namespace FibroStore.Editorial.Tests;

public sealed class DemoContentTests
{
    [Fact]
    public async Task A_first_run_shows_twelve_referenced_articles_in_five_categories_with_replies()
    {
        await using var store = new EditorialStore();
        store.With("Seed:DemoContent", "true");
        await ((IAsyncLifetime)store).InitializeAsync();

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (articles, categories, withTable, withReferences, replies, reviewedLater) = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            return (await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published),
                await db.Categories.CountAsync(c => db.Articles.Any(a => a.CategoryId == c.Id)),
                await db.Articles.CountAsync(a => a.BodyHtml.Contains("<table>")),
                await db.Articles.CountAsync(a => a.ReferencesHtml.Contains("<ol class=\"references\">")),
                await db.Replies.CountAsync(r => r.Status == ReplyStatus.Approved && r.ParentId != null),
                await db.Articles.Where(a => a.LastReviewedOn > today).Select(a => a.Slug).ToListAsync());
        });
        Assert.True(articles >= 12, $"{articles} articles");
        Assert.True(categories >= 5, $"{categories} categories");
        Assert.True(withTable >= 1);
        Assert.Equal(articles, withReferences);
        Assert.True(replies >= 1);
        Assert.Empty(reviewedLater); // "Last reviewed" on a date still to come reads as a mistake

        using var client = store.CreateBrowserClient();
        var page = await client.GetPageAsync("/articles/immune-system-and-fibromyalgia");
        Assert.Contains("<nav class=\"toc\"", page, StringComparison.Ordinal);
        Assert.Contains("reply-children", page, StringComparison.Ordinal);
        await ((IAsyncLifetime)store).DisposeAsync();
    }
}
