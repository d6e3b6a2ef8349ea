using FibroStore.SiteServices.Contracts;
using FibroStore.Editorial.Pages.Staff.Replies;

namespace FibroStore.Editorial.Tests;

/// <summary>Its own store: the test counts what is in the waiting queue, so no other test may add to it.</summary>
public sealed class ModerationQueuePagingTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task The_waiting_queue_pages_oldest_first_without_overlap_and_shows_store_time()
    {
        var (articleId, _) = await store.PublishAsync("A busy article", "Text.");
        var first = new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var total = ReplyQueue.PageSize + 5;
        await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EditorialDbContext>();
            for (var i = 0; i < total; i++)
                db.Replies.Add(new Reply
                {
                    Id = Guid.NewGuid(), ArticleId = articleId, AuthorName = $"Reader {i:D3}", Email = $"r{i}@example.org", Body = $"Waiting reply {i:D3}",
                    BodyHtml = $"<p>Waiting reply {i:D3}</p>", Status = ReplyStatus.Pending, CreatedAt = first.AddMinutes(i), NotifyToken = Guid.NewGuid().ToString("N"),
                });
            await db.SaveChangesAsync();
        });
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var pageOne = await editor.GetPageAsync("/staff/replies");
        var pageTwo = await editor.GetPageAsync("/staff/replies?show=pending&p=2");
        // The plain address is the waiting list, not a form with a problem.
        Assert.DoesNotContain("field is required", pageOne, StringComparison.Ordinal);

        Assert.Contains("Waiting reply 000", pageOne, StringComparison.Ordinal);
        Assert.Contains($"Waiting reply {ReplyQueue.PageSize - 1:D3}", pageOne, StringComparison.Ordinal);
        Assert.DoesNotContain($"Waiting reply {ReplyQueue.PageSize:D3}", pageOne, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", pageOne, StringComparison.Ordinal);
        Assert.Contains($"Waiting reply {ReplyQueue.PageSize:D3}", pageTwo, StringComparison.Ordinal);
        Assert.Contains($"Waiting reply {total - 1:D3}", pageTwo, StringComparison.Ordinal);
        Assert.DoesNotContain($"Waiting reply {ReplyQueue.PageSize - 1:D3}", pageTwo, StringComparison.Ordinal);
        // 09:00 UTC on 1 July is 10:00 in the store's default zone, London, on summer time.
        Assert.Equal("Europe/London", (await store.InScopeAsync(async sp => await sp.GetRequiredService<ISiteSettings>().GetAsync(default))).TimeZoneId);
        Assert.Contains("1 Jul 2026 10:00", pageOne, StringComparison.Ordinal);
        Assert.DoesNotContain(" UTC", pageOne, StringComparison.Ordinal);
    }
}

public sealed class ModerationQueueTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task Closing_replies_from_the_queue_removes_the_form_and_refuses_new_replies_until_reopened()
    {
        var (articleId, slug) = await store.PublishAsync("Replies close here", "Text.");
        using var reader = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Early", "Before closing."))).StatusCode);
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        Assert.Contains("Close replies<span class=\"visually-hidden\"> to “Replies close here”", Html.Decode(await editor.GetPageAsync("/staff/replies")), StringComparison.Ordinal);

        var closed = await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["open"] = "false" },
            $"/staff/replies?show=pending&p=1&articleId={articleId}&handler=RepliesOpen");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Contains("Replies to “Replies close here” are closed.", Html.Decode(await editor.GetPageAsync(closed.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        Assert.DoesNotContain("Call this number", await editor.GetPageAsync("/staff/replies?done=Call+this+number"), StringComparison.Ordinal);
        Assert.Contains("Replies to this article are closed.", await EditorialStore.EventuallyAsync(reader, $"/articles/{slug}", "Replies to this article are closed."), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Late", "After closing."))).StatusCode);

        var reopened = await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["open"] = "true" },
            $"/staff/replies?show=pending&articleId={articleId}&handler=RepliesOpen");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.True(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == articleId).Select(a => !a.RepliesClosed).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["open"] = "false" },
            $"/staff/replies?articleId={Guid.NewGuid()}&handler=RepliesOpen")).StatusCode);
    }
}
