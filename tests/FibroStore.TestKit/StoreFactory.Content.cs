using FibroStore.Editorial.Data;
using FibroStore.Editorial.Pages.Staff.Articles;
using FibroStore.SharedKernel.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FibroStore.TestKit;

/// <summary>Content for tests that look at whole pages: the demo articles and products, and articles of their own.</summary>
public partial class StoreFactory
{
    /// <summary>Runs every demo seeder (articles, replies, products), as a first run in Development does. Idempotent.</summary>
    public Task SeedDemoContentAsync() => InScopeAsync(async sp =>
    {
        foreach (var seeder in sp.GetServices<IDataSeeder>().Where(s => s.IsDemoContent).OrderBy(s => s.Order))
            await seeder.SeedAsync(CancellationToken.None);
    });

    /// <summary>Publishes an article in the General category through the editor's own save command; returns its slug.</summary>
    public Task<string> PublishArticleAsync(string title, string excerpt, string markdown) => InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<EditorialDbContext>();
        var form = new EditArticle.ArticleForm
        {
            Title = title, Excerpt = excerpt, Markdown = markdown, AuthorName = "Ruth Ellison",
            CategoryId = await db.Categories.Where(c => c.Slug == "general").Select(c => c.Id).SingleAsync(),
        };
        var saved = await sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(null, form, EditArticle.SaveIntent.Publish, "test-editor"));
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        return await db.Articles.Where(a => a.Id == saved.Value.Id).Select(a => a.Slug).SingleAsync();
    });
}
