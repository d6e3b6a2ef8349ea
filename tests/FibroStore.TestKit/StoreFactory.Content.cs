using FibroStore.Catalog.Pages.Staff.Catalog.Products;
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
    public async Task<string> PublishArticleAsync(string title, string excerpt, string markdown) =>
        (await SaveArticleAsync(null, title, excerpt, markdown, EditArticle.SaveIntent.Publish)).Slug;

    /// <summary>
    /// Saves an article in the General category through the editor's own save command: a new one when
    /// <paramref name="id"/> is null, else that article (publishing, unpublishing or just saving it). Its id and slug.
    /// </summary>
    public Task<(Guid Id, string Slug)> SaveArticleAsync(Guid? id, string title, string excerpt, string markdown, EditArticle.SaveIntent intent) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            var form = new EditArticle.ArticleForm
            {
                Title = title, Excerpt = excerpt, Markdown = markdown, AuthorName = "Ruth Ellison",
                CategoryId = await db.Categories.Where(c => c.Slug == "general").Select(c => c.Id).SingleAsync(),
            };
            var saved = await sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(id, form, intent, "test-editor"));
            Assert.True(saved.IsDone, saved.Refusal?.Message);
            var slug = await db.Articles.Where(a => a.Id == saved.Value.Id).Select(a => a.Slug).SingleAsync();
            return (saved.Value.Id, slug);
        });

    /// <summary>Sets a product's status (Draft, Active, Archived) through the merchandiser's own save command, keeping the rest.</summary>
    public Task SetProductStatusAsync(Guid productId, string status) => InScopeAsync(async sp =>
    {
        var mediator = sp.GetRequiredService<IMediator>();
        var current = await mediator.Send(new EditProduct.Load(productId)) ?? throw new InvalidOperationException($"No product {productId}.");
        var saved = await mediator.Send(new EditProduct.Save(productId, current.Form, status, current.Version, "test-merchandiser"));
        Assert.True(saved.IsDone, saved.Refusal?.Message);
    });
}
