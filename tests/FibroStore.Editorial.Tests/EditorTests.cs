using FibroStore.Editorial.Pages.Staff.Articles;
using FibroStore.Editorial.Publishing;
using FibroStore.SharedKernel.Data;

namespace FibroStore.Editorial.Tests;

public sealed class EditorTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task A_scheduled_draft_with_a_table_goes_live_on_time_once_and_appears_in_feed_and_sitemap()
    {
        var form = EditorialStore.Form("Scheduled with a table", "Intro.\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n", "Wolfe F, et al. 2016 revisions. *Semin Arthritis Rheum*, 2016.");
        form.PublishAt = DateTime.UtcNow.AddHours(2);
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var saved = await store.SaveAsync(form, EditArticle.SaveIntent.Schedule);
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        using var reader = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/articles/scheduled-with-a-table")).StatusCode);
        Assert.Contains("Scheduled", await editor.GetPageAsync("/staff/articles"), StringComparison.Ordinal);

        // The scheduled time comes.
        await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == saved.Value.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PublishAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        var publisher = store.Services.GetRequiredService<ScheduledPublisher>();
        Assert.Equal(1, await publisher.PublishDueAsync(CancellationToken.None));
        Assert.Equal(0, await publisher.PublishDueAsync(CancellationToken.None));
        Assert.Contains("<table>", await reader.GetPageAsync("/articles/scheduled-with-a-table"), StringComparison.Ordinal);
        // Publishing again after an edit is not a first publication.
        await store.SaveAsync(EditorialStore.Form("Scheduled with a table", "Edited."), EditArticle.SaveIntent.Publish, saved.Value.Id);
        Assert.Contains("Edited.", await EditorialStore.EventuallyAsync(reader, "/articles/scheduled-with-a-table", "Edited."), StringComparison.Ordinal);
        Assert.Contains("Scheduled with a table", await reader.GetPageAsync("/feed.xml"), StringComparison.Ordinal);
        Assert.Contains("/articles/scheduled-with-a-table</loc>", await reader.GetPageAsync("/sitemap.xml"), StringComparison.Ordinal);
        var events = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.StartsWith("FibroStore.Editorial.Contracts.ArticlePublished")).Select(m => m.Payload).ToListAsync());
        Assert.Single(events, p => p.Contains(saved.Value.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_editor_refuses_bad_input_with_400_and_messages()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var category = await store.GeneralCategoryAsync();
        var response = await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
        {
            ["intent"] = "schedule", ["Input.Title"] = new string('t', 201), ["Input.Slug"] = "Bad Slug!", ["Input.Excerpt"] = "",
            ["Input.Markdown"] = "", ["Input.CategoryId"] = category.ToString(), ["Input.AuthorName"] = "Ruth", ["Input.PublishAt"] = "not-a-date",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = Html.Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The title can be at most 200 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Use lowercase letters, digits and single hyphens only", html, StringComparison.Ordinal);
        Assert.Contains("Write a short excerpt", html, StringComparison.Ordinal);
        Assert.Contains("The article needs some text.", html, StringComparison.Ordinal);

        var past = await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
        {
            ["intent"] = "schedule", ["Input.Title"] = "Past schedule", ["Input.Excerpt"] = "E", ["Input.Markdown"] = "M",
            ["Input.CategoryId"] = category.ToString(), ["Input.AuthorName"] = "Ruth", ["Input.PublishAt"] = "2001-01-01T10:00",
            ["Input.LastReviewedOn"] = "2999-01-01",
        });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var pastHtml = Html.Decode(await past.Content.ReadAsStringAsync());
        Assert.Contains("Choose a publication date and time in the future.", pastHtml, StringComparison.Ordinal);
        Assert.Contains("The review date cannot be in the future.", pastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editors_write_preview_and_restore_revisions_through_the_pages()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var category = await store.GeneralCategoryAsync();
        var fields = new Dictionary<string, string>
        {
            ["intent"] = "save", ["Input.Title"] = "Written in the editor", ["Input.Excerpt"] = "An excerpt.", ["Input.Markdown"] = "## First version\n\nText.",
            ["Input.CategoryId"] = category.ToString(), ["Input.AuthorName"] = "Ruth", ["Input.Tags"] = "Sleep, Pacing",
        };
        var created = await editor.PostFormAsync("/staff/articles/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.OriginalString;
        var id = Guid.Parse(editUrl.Split('/')[4].Split('?')[0]);

        fields["Input.Markdown"] = "## Second version\n\nText.";
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync($"/staff/articles/edit/{id}", fields)).StatusCode);

        var preview = await editor.PostFormAsync($"/staff/articles/edit/{id}", new Dictionary<string, string>(fields) { ["Input.Markdown"] = "## Previewed <script>alert(1)</script>" }, $"/staff/articles/edit/{id}?handler=Preview");
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("id=\"previewed\"", previewHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", previewHtml, StringComparison.Ordinal);

        var token = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == id).Select(a => a.PreviewToken).SingleAsync());
        using var anonymous = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/articles/written-in-the-editor")).StatusCode);
        Assert.Contains("Second version", await anonymous.GetPageAsync($"/articles/preview/{token}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/articles/preview/{new string('0', 48)}")).StatusCode);

        Assert.Contains("Revision 2", await editor.GetPageAsync($"/staff/articles/{id}/revisions"), StringComparison.Ordinal);
        var restored = await editor.PostFormAsync($"/staff/articles/{id}/revisions?number=1", new Dictionary<string, string>(), $"/staff/articles/{id}/revisions?number=1&handler=Restore");
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Contains("First version", await EditorialStore.EventuallyAsync(anonymous, $"/articles/preview/{token}", "First version"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpublishing_a_draft_is_refused_and_a_missing_article_or_revision_answers_404()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var category = await store.GeneralCategoryAsync();
        var fields = new Dictionary<string, string>
        {
            ["intent"] = "save", ["Input.Title"] = "Never published", ["Input.Excerpt"] = "An excerpt.", ["Input.Markdown"] = "Text.",
            ["Input.CategoryId"] = category.ToString(), ["Input.AuthorName"] = "Ruth",
        };
        var created = await editor.PostFormAsync("/staff/articles/edit", fields);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[4].Split('?')[0]);

        var unpublish = await editor.PostFormAsync($"/staff/articles/edit/{id}", new Dictionary<string, string>(fields) { ["intent"] = "unpublish" });
        Assert.Equal(HttpStatusCode.BadRequest, unpublish.StatusCode);
        Assert.Contains("Only a published or scheduled article can be unpublished.", Html.Decode(await unpublish.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.Draft, await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        var missing = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync("/staff/articles/edit", fields, $"/staff/articles/edit/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync($"/staff/articles/{id}/revisions?number=1", new Dictionary<string, string>(),
            $"/staff/articles/{id}/revisions?number=99&handler=Restore")).StatusCode);
    }

    [Fact]
    public async Task Staff_pages_are_closed_to_readers_and_merchandisers()
    {
        using var anonymous = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/staff/articles")).StatusCode);
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchandiser.GetAsync("/staff/replies")).StatusCode);
    }
}
