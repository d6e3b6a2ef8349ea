using FibroStore.Editorial.Pages.Staff.Articles;

namespace FibroStore.Editorial.Tests;

/// <summary>An article has a main category and may be listed under others too (WordPress posts often had several).</summary>
public sealed class ArticleCategoriesTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task An_article_listed_under_more_categories_shows_them_all_and_appears_in_each_list()
    {
        var sleep = new Category { Id = Guid.NewGuid(), Slug = $"sleep-{Guid.NewGuid():N}"[..20], Name = "Sleep and rest" };
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            db.Categories.Add(sleep);
            await db.SaveChangesAsync();
        });
        var form = EditorialStore.Form("Resting before the crash", "Rest early, rest often.");
        form.OtherCategoryIds = [sleep.Id];
        var saved = await store.SaveAsync(form, EditArticle.SaveIntent.Publish);
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        var slug = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == saved.Value.Id).Select(a => a.Slug).SingleAsync());

        using var reader = store.CreateBrowserClient();
        var page = WordPress.WordPressExport.Parse(await reader.GetPageAsync($"/articles/{slug}"));
        var shown = page.QuerySelectorAll(".article-header .meta a[href^='/articles/category/']").Select(a => a.TextContent).ToList();
        Assert.Equal(["General", "Sleep and rest"], shown);
        Assert.Contains("Resting before the crash", await EditorialStore.EventuallyAsync(reader, $"/articles/category/{sleep.Slug}", "Resting before the crash"), StringComparison.Ordinal);
        Assert.Contains("Resting before the crash", await reader.GetPageAsync($"/articles/category/{sleep.Slug}/feed.xml"), StringComparison.Ordinal);

        // The editor shows the choice again, and clearing it leaves the main category only.
        var loaded = await store.InScopeAsync(sp => sp.GetRequiredService<Mediator.IMediator>().Send(new EditArticle.Load(saved.Value.Id)).AsTask());
        Assert.Equal([sleep.Id], loaded!.Form.OtherCategoryIds);
        loaded.Form.OtherCategoryIds = [];
        Assert.True((await store.SaveAsync(loaded.Form, EditArticle.SaveIntent.Save, saved.Value.Id)).IsDone);
        Assert.Equal(0, await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == saved.Value.Id).SelectMany(a => a.OtherCategories).CountAsync()));
    }
}
